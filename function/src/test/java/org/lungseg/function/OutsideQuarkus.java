package org.lungseg.function;

import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.util.Arrays;

/**
 * Runs a static method of a test helper on the JVM's own class loader instead of Quarkus's.
 * Quarkus's test class loader keeps shared-model apart from its test-jar (a split package) and
 * hides {@code javax.inject} from jclouds, which S3Proxy needs; helpers that build the test model
 * or run S3Proxy therefore run outside it, and only JDK types cross over.
 */
final class OutsideQuarkus {

    private OutsideQuarkus() {
    }

    static Object call(Class<?> helper, String method, Object... args) {
        ClassLoader system = ClassLoader.getSystemClassLoader();
        Thread thread = Thread.currentThread();
        ClassLoader previous = thread.getContextClassLoader();
        // Service loaders (jclouds providers) look on the context loader: it must be the same one.
        thread.setContextClassLoader(system);
        try {
            Class<?> outside = Class.forName(helper.getName(), true, system);
            Method m = Arrays.stream(outside.getDeclaredMethods()).filter(x -> x.getName().equals(method)).findFirst()
                    .orElseThrow(() -> new NoSuchMethodException(helper.getName() + "." + method));
            m.setAccessible(true);
            return m.invoke(null, args);
        } catch (InvocationTargetException e) {
            throw new IllegalStateException(helper.getSimpleName() + "." + method + " failed", e.getCause());
        } catch (ReflectiveOperationException e) {
            throw new IllegalStateException(e);
        } finally {
            thread.setContextClassLoader(previous);
        }
    }
}
