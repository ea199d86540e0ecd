package org.skysift.config;

/** Bad configuration or bad input: the CLI turns it into exit code 2. The message names the key, file or line. */
public class ConfigException extends RuntimeException {
    public ConfigException(String message) {
        super(message);
    }

    public ConfigException(String message, Throwable cause) {
        super(message, cause);
    }
}
