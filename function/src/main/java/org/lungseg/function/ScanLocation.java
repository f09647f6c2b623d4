package org.lungseg.function;

import java.net.URI;
import java.net.URISyntaxException;
import java.nio.file.Path;
import java.util.regex.Pattern;

/**
 * Where a referenced scan lies: an object ({@code s3://bucket/key}) or a file
 * ({@code file:///mounted/volume/ct.nii.gz}). Parsing refuses, as a malformed request, anything
 * else and any key or path that could climb out of where it points ({@code ..}, {@code .}, empty
 * segments, backslashes, control characters); whether the bucket or root is allowed is the
 * stores' decision.
 */
public sealed interface ScanLocation {

    /** As a URI, for results and logs. */
    String uri();

    /** The last path segment, e.g. {@code ct.nii.gz}. */
    default String fileName() {
        String u = uri();
        return u.substring(u.lastIndexOf('/') + 1);
    }

    /** An object in an S3-compatible store. */
    record S3Object(String bucket, String key) implements ScanLocation {

        /** S3 bucket naming rules (lower case, digits, dots, hyphens; 3..63). */
        private static final Pattern BUCKET = Pattern.compile("[a-z0-9][a-z0-9.-]{1,61}[a-z0-9]");

        public S3Object {
            if (!BUCKET.matcher(bucket).matches()) {
                throw ProblemException.badRequest("'" + bucket + "' is not an S3 bucket name");
            }
            checkSegments(key, "key");
        }

        @Override
        public String uri() {
            return "s3://" + bucket + "/" + key;
        }
    }

    /** A file on a mounted volume; {@code path} is absolute and free of {@code .} and {@code ..}. */
    record LocalFile(Path path) implements ScanLocation {

        @Override
        public String uri() {
            return path.toUri().toString();
        }
    }

    /** Parses {@code s3://bucket/key} or {@code file:///absolute/path}. */
    static ScanLocation parse(String reference) {
        if (reference == null || reference.isBlank()) {
            throw ProblemException.badRequest("no scan reference given");
        }
        String r = reference.strip();
        if (r.startsWith("s3://")) {
            String rest = r.substring("s3://".length());
            int slash = rest.indexOf('/');
            if (slash <= 0 || slash == rest.length() - 1) {
                throw ProblemException.badRequest("'" + r + "' names no object: use s3://bucket/key");
            }
            return new S3Object(rest.substring(0, slash), rest.substring(slash + 1));
        }
        if (r.startsWith("file:")) {
            return new LocalFile(filePath(r));
        }
        throw ProblemException.badRequest("'" + abbreviate(r) + "' is not a scan reference this function reads:"
                + " use s3://bucket/key or file:///path under a configured root (no other URLs are fetched)");
    }

    private static Path filePath(String r) {
        String path;
        try {
            URI uri = new URI(r);
            if (uri.getAuthority() != null && !uri.getAuthority().isEmpty() && !"localhost".equals(uri.getAuthority())) {
                throw ProblemException.badRequest("'" + r + "' names a remote host; file:// references are local paths");
            }
            path = uri.getPath();
        } catch (URISyntaxException e) {
            // Unencoded characters such as spaces: take the path as written.
            path = r.replaceFirst("^file://(localhost)?", "").replaceFirst("^file:", "");
        }
        if (path == null || !path.startsWith("/")) {
            throw ProblemException.badRequest("'" + r + "' is not an absolute file URI such as file:///data/ct.nii.gz");
        }
        checkSegments(path.substring(1), "path");
        return Path.of(path);
    }

    /** Refuses names that could climb out of a bucket prefix or root. */
    private static void checkSegments(String name, String what) {
        if (name.isEmpty() || name.length() > 1024) {
            throw ProblemException.badRequest("the " + what + " must be 1 to 1024 characters long");
        }
        for (int i = 0; i < name.length(); i++) {
            char c = name.charAt(i);
            if (c < 0x20 || c == 0x7f || c == '\\') {
                throw ProblemException.forbidden("the " + what + " '" + abbreviate(name)
                        + "' holds a control character or backslash");
            }
        }
        for (String segment : name.split("/", -1)) {
            if (segment.isEmpty() || segment.equals(".") || segment.equals("..")) {
                throw ProblemException.forbidden("the " + what + " '" + abbreviate(name)
                        + "' holds an empty, '.' or '..' segment: references may not climb out of where they point");
            }
        }
    }

    private static String abbreviate(String s) {
        return s.length() <= 120 ? s : s.substring(0, 117) + "...";
    }
}
