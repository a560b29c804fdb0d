package dev.twinrun.core;

/** Configuration is missing or invalid; the message names the setting and what is expected. */
public class ConfigException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    public ConfigException(String message) {
        super(message);
    }
}
