package org.lungseg.infra;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import io.smallrye.config.WithName;
import io.smallrye.config.WithParentName;
import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.lang.reflect.ParameterizedType;
import java.lang.reflect.Type;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The configuration keys a program really reads, derived from its {@link ConfigMapping}
 * interfaces the way SmallRye Config names them (method names in kebab case, nested interfaces
 * as groups, {@code Map} keys as {@code *}), and how environment variables map onto them
 * (MicroProfile Config: every character that is not a letter or digit becomes {@code _}, upper case).
 */
final class ConfigKeys {

    /** One key, e.g. {@code lungseg.max-concurrent} or {@code quarkus.funqy.knative-events.mapping.*.trigger}. */
    record Key(String name, String defaultValue) {

        /** The environment variable pattern; a {@code *} segment is one map key without separators. */
        Pattern envPattern() {
            StringBuilder p = new StringBuilder();
            for (String part : name.split("\\*", -1)) {
                if (!p.isEmpty()) {
                    p.append("([A-Z0-9]+)");
                }
                p.append(Pattern.quote(envForm(part)));
            }
            return Pattern.compile(p.toString());
        }
    }

    private final List<Key> keys = new ArrayList<>();

    static ConfigKeys of(Class<?>... mappings) {
        ConfigKeys k = new ConfigKeys();
        for (Class<?> m : mappings) {
            ConfigMapping mapping = m.getAnnotation(ConfigMapping.class);
            if (mapping == null) {
                throw new IllegalArgumentException(m + " is not a @ConfigMapping");
            }
            k.walk(m, mapping.prefix());
        }
        return k;
    }

    List<Key> keys() {
        return keys;
    }

    /** The key an environment variable sets, if any. */
    Optional<Key> forEnv(String env) {
        return keys.stream().filter(k -> k.envPattern().matcher(env).matches()).findFirst();
    }

    /** The map key (upper case, as in the variable) that {@code env} gives for {@code key}'s {@code *}. */
    static String mapKey(Key key, String env) {
        Matcher m = key.envPattern().matcher(env);
        if (!m.matches() || m.groupCount() < 1) {
            throw new IllegalArgumentException(env + " sets no map entry of " + key.name());
        }
        return m.group(1);
    }

    Optional<Key> named(String name) {
        return keys.stream().filter(k -> k.name().equals(name)).findFirst();
    }

    static String envForm(String property) {
        return property.replaceAll("[^A-Za-z0-9]", "_").toUpperCase(Locale.ROOT);
    }

    private void walk(Class<?> group, String prefix) {
        for (Method m : group.getMethods()) {
            if (m.getParameterCount() != 0 || Modifier.isStatic(m.getModifiers()) || m.isDefault()) {
                continue;
            }
            String name = m.isAnnotationPresent(WithParentName.class) ? prefix
                    : prefix + "." + (m.isAnnotationPresent(WithName.class) ? m.getAnnotation(WithName.class).value()
                    : kebab(m.getName()));
            WithDefault d = m.getAnnotation(WithDefault.class);
            add(m.getGenericReturnType(), name, d == null ? null : d.value());
        }
    }

    private void add(Type type, String name, String defaultValue) {
        Class<?> raw = raw(type);
        if (raw == Optional.class) {
            add(argument(type, 0), name, defaultValue);
        } else if (raw == java.util.Map.class) {
            add(argument(type, 1), name + ".*", defaultValue);
        } else if (isGroup(raw)) {
            walk(raw, name);
        } else {
            keys.add(new Key(name, defaultValue));
        }
    }

    private static boolean isGroup(Class<?> c) {
        return c.isInterface() && !c.getName().startsWith("java.");
    }

    private static Class<?> raw(Type t) {
        return t instanceof ParameterizedType p ? (Class<?>) p.getRawType() : (Class<?>) t;
    }

    private static Type argument(Type t, int i) {
        return ((ParameterizedType) t).getActualTypeArguments()[i];
    }

    static String kebab(String camel) {
        StringBuilder b = new StringBuilder();
        for (char c : camel.toCharArray()) {
            if (Character.isUpperCase(c)) {
                b.append('-').append(Character.toLowerCase(c));
            } else {
                b.append(c);
            }
        }
        return b.toString();
    }
}
