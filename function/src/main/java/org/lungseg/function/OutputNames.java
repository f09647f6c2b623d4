package org.lungseg.function;

/**
 * Where a scan's outputs go inside its bucket or root: under the output prefix, mirroring the
 * scan's own key, e.g. {@code uploads/ct1.nii.gz} gets {@code segmentations/uploads/ct1.mask.nii.gz}
 * and {@code segmentations/uploads/ct1.preview.png}. Scans under the prefix are not read, so that a
 * bucket notification for a written mask does not start a segmentation of the mask.
 */
public final class OutputNames {

    static final String MASK_SUFFIX = ".mask.nii.gz";
    static final String PREVIEW_SUFFIX = ".preview.png";

    private final String prefix;

    public OutputNames(String prefix) {
        String p = prefix == null ? "" : prefix.strip();
        if (p.isEmpty() || p.startsWith("/") || p.contains("\\")) {
            throw new IllegalArgumentException("lungseg.output.prefix must be a relative key prefix such as"
                    + " 'segmentations/', got '" + prefix + "'");
        }
        for (String segment : p.split("/")) {
            if (segment.isEmpty() || segment.equals(".") || segment.equals("..")) {
                throw new IllegalArgumentException("lungseg.output.prefix '" + prefix + "' holds an empty, '.' or '..' segment");
            }
        }
        this.prefix = p.endsWith("/") ? p : p + "/";
    }

    /** The prefix, always ending with {@code /}. */
    public String prefix() {
        return prefix;
    }

    /** Whether a key (relative to the bucket or root) lies among the outputs. */
    public boolean isOutput(String key) {
        return key.startsWith(prefix);
    }

    /** Key of the mask for the scan at {@code key}. */
    public String mask(String key) {
        return prefix + stem(key) + MASK_SUFFIX;
    }

    /** Key of the preview for the scan at {@code key}. */
    public String preview(String key) {
        return prefix + stem(key) + PREVIEW_SUFFIX;
    }

    /** The key without its scan extension. */
    static String stem(String key) {
        for (String ext : new String[] {".nii.gz", ".nii", ".zip"}) {
            if (key.toLowerCase(java.util.Locale.ROOT).endsWith(ext) && key.length() > ext.length()) {
                return key.substring(0, key.length() - ext.length());
            }
        }
        return key;
    }
}
