package dev.tidings.security;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.file.Files;
import java.nio.file.Path;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.junit.jupiter.api.Test;

/** Token minting is off unless a configuration turns it on, and only the bundled server's does. */
class DevTokensTest {

    @Test
    void theSwitchIsOffByDefault() throws Exception {
        ConfigProperty property = DevTokens.class.getDeclaredField("enabled").getAnnotation(ConfigProperty.class);
        assertEquals("tidings.dev-tokens.enabled", property.name());
        assertEquals("false", property.defaultValue());
    }

    @Test
    void onlyTheBundledDevelopmentServerTurnsItOn() throws Exception {
        String serverXml = Files.readString(Path.of("liberty/config/server.xml"));
        assertEquals(1, serverXml.split("name=\"tidings.dev-tokens.enabled\"", -1).length - 1);
        try (var files = Files.walk(Path.of("src/main"))) {
            assertEquals(0, files.filter(Files::isRegularFile)
                    .filter(f -> !f.toString().endsWith(".java"))
                    .filter(f -> {
                        try {
                            return Files.readString(f).contains("tidings.dev-tokens.enabled");
                        } catch (java.io.IOException e) {
                            return false;
                        }
                    }).count(), "nothing packaged into the WAR turns it on");
        }
    }
}
