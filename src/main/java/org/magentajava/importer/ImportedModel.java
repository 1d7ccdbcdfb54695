package org.magentajava.importer;

import java.util.List;
import org.magentajava.models.ModelConfig;
import org.magentajava.model.LstmNetwork;

/**
 * A Magenta model read into this project's network.
 *
 * @param notes what was inferred rather than read (config, layer sizes, attn_length, the naming era), one line each
 */
public record ImportedModel(ModelConfig config, LstmNetwork network, List<String> notes) {}
