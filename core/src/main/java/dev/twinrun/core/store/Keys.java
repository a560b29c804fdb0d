package dev.twinrun.core.store;

/** Key hygiene shared by every store: keys stay inside their root. */
public final class Keys {
    private Keys() {}

    /** Returns the key when it is a safe relative key, or throws naming the reason. */
    public static String check(String key) {
        if (key == null || key.isEmpty()) {
            throw new IllegalArgumentException("empty object key");
        }
        if (key.startsWith("/")) {
            throw new IllegalArgumentException("absolute object key not allowed: '" + key + "'");
        }
        if (key.indexOf('\\') >= 0) {
            throw new IllegalArgumentException("backslash in object key not allowed: '" + key + "'");
        }
        for (int i = 0; i < key.length(); i++) {
            if (key.charAt(i) < 0x20 || key.charAt(i) == 0x7f) {
                throw new IllegalArgumentException("control character in object key not allowed: '" + key + "'");
            }
        }
        for (String segment : key.split("/", -1)) {
            if (segment.equals("..") || segment.equals(".")) {
                throw new IllegalArgumentException(
                        "'" + segment + "' segment in object key not allowed: '" + key + "'");
            }
        }
        return key;
    }

    /** Joins a prefix and a relative key with exactly one slash between them. */
    public static String join(String prefix, String key) {
        if (prefix == null || prefix.isEmpty()) {
            return key;
        }
        return prefix.endsWith("/") ? prefix + key : prefix + "/" + key;
    }

    /** A prefix as a folder: empty, or ending in one slash. */
    public static String folder(String prefix) {
        if (prefix == null || prefix.isEmpty() || prefix.equals("/")) {
            return "";
        }
        String p = prefix.startsWith("/") ? prefix.substring(1) : prefix;
        return p.endsWith("/") ? p : p + "/";
    }
}
