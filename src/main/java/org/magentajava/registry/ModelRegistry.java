package org.magentajava.registry;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.magentajava.io.BadInputException;
import org.magentajava.models.ModelConfig;
import org.magentajava.models.ModelFamily;
import org.magentajava.models.biaxialrnn.BiaxialRnn;
import org.magentajava.models.melodyrnn.MelodyRnn;
import org.magentajava.models.pianorollrnn.PianorollRnn;
import org.magentajava.models.polyphonyrnn.PolyphonyRnn;

/**
 * Every model family and config the tool knows, looked up by config name (--config, a bundle's generator id, a
 * checkpoint's config). A new family is one entry in {@link #FAMILIES}.
 */
public final class ModelRegistry {
    private static final List<ModelFamily> FAMILIES = List.of(MelodyRnn.FAMILY, PolyphonyRnn.FAMILY,
            PianorollRnn.FAMILY, BiaxialRnn.FAMILY);

    private static final Map<String, ModelConfig> CONFIGS = new LinkedHashMap<>();

    static {
        for (ModelFamily family : FAMILIES) {
            for (ModelConfig config : family.configs()) {
                if (CONFIGS.put(config.name(), config) != null) {
                    throw new IllegalStateException("two configs named " + config.name());
                }
            }
        }
    }

    private ModelRegistry() {
    }

    public static List<ModelFamily> families() {
        return FAMILIES;
    }

    /** All configs of all families, in registry order. */
    public static List<ModelConfig> configs() {
        return new ArrayList<>(CONFIGS.values());
    }

    /** @throws BadInputException naming the valid configs */
    public static ModelConfig config(String name) {
        ModelConfig config = CONFIGS.get(name);
        if (config == null) {
            throw new BadInputException("unknown config '" + name + "'; valid configs: "
                    + String.join(", ", CONFIGS.keySet()));
        }
        return config;
    }

    /** The family a config belongs to (also for configs built outside the registry, e.g. by encoder name). */
    public static ModelFamily family(ModelConfig config) {
        for (ModelFamily family : FAMILIES) {
            if (family.name().equals(config.family())) {
                return family;
            }
        }
        throw new IllegalArgumentException("config " + config.name() + " names no known family: " + config.family());
    }
}
