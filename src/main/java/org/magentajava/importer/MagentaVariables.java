package org.magentajava.importer;

import org.magentajava.models.melodyrnn.MelodyRnn;
import org.magentajava.models.polyphonyrnn.PolyphonyRnn;
import org.magentajava.registry.ModelRegistry;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.magentajava.io.BadInputException;
import org.magentajava.io.BadSettingException;
import org.magentajava.events.EncoderDecoder;
import org.magentajava.models.ModelConfig;
import org.magentajava.model.AttentionWrap;
import org.magentajava.model.HParams;
import org.magentajava.model.Head;
import org.magentajava.model.LstmNetwork;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * Maps Magenta's checkpoint variables onto this project's {@link LstmNetwork}, whose parameters already carry
 * Magenta's current names. Older names are first rewritten to today's: TensorFlow 1.0–1.1's {@code weights/biases},
 * TensorFlow 0.x's {@code RNN/MultiRNNCell/Cell0/BasicLSTMCell/Linear/Matrix|Bias} (and the attention wrapper's
 * {@code AttentionCellWrapper/Linear}, {@code Attention/AttnW|AttnV|Linear}, {@code AttnOutputProjection/Linear}).
 * The attention wrapper around the whole stack ({@code rnn/attention_cell_wrapper/multi_rnn_cell/...}, Magenta
 * before May 2017 and magenta-js) is this project's layer-0 attention when the stack has one layer and an
 * {@link AttentionWrap#WHOLE_STACK} network (generation and evaluation only) when it has more. Layer sizes come
 * from the kernels, the config from the input and class counts, and every variable must be used exactly once.
 */
public final class MagentaVariables {
    private static final Pattern CELL = Pattern.compile("^rnn/multi_rnn_cell/cell_(\\d+)/");
    private static final String FC_WEIGHTS = "fully_connected/weights";
    private static final String WHOLE_STACK = "rnn/attention_cell_wrapper/";
    private static final Pattern STACK_CELL = Pattern.compile("^" + WHOLE_STACK + "multi_rnn_cell/cell_(\\d+)/");

    private MagentaVariables() {}

    /** The source of a config the caller was given: the setting's field as a marker, which the CLI spells as a flag. */
    public static final String GIVEN_CONFIG = "{config}";
    /** The source of an attn_length the caller was given. */
    public static final String GIVEN_ATTN_LENGTH = "{attn_length}";

    /**
     * What the caller knows besides the variables, and where each value came from: {@link #GIVEN_CONFIG} /
     * {@link #GIVEN_ATTN_LENGTH} for values given to the importer, else words ("from the bundle's metagraph").
     */
    public record Hints(String config, String configSource, boolean configStrict, Integer attnLength,
                        String attnLengthSource) {
        public static Hints none() {
            return new Hints(null, null, false, null, null);
        }
    }

    /** Optimizer slots, Adam's beta powers and the step counter: training state, never part of the model. */
    public static boolean isTrainingState(String name) {
        return name.equals("global_step") || name.equals("beta1_power") || name.equals("beta2_power")
                || name.endsWith("/Adam") || name.endsWith("/Adam_1") || name.endsWith("/Momentum")
                || name.endsWith("/RMSProp") || name.endsWith("/RMSProp_1");
    }

    /** Today's name for a variable named by any TensorFlow version Magenta has used. */
    static String canonical(String name) {
        String[] parts = name.split("/", -1);
        List<String> out = new ArrayList<>();
        for (int i = 0; i < parts.length; i++) {
            String p = parts[i];
            // TF 0.x's _linear put its matrix and bias in a "Linear" scope of its own
            if (p.equals("Linear") && i == parts.length - 2) continue;
            out.add(switch (p) {
                case "RNN" -> "rnn";
                case "MultiRNNCell" -> "multi_rnn_cell";
                case "BasicLSTMCell" -> "basic_lstm_cell";
                case "AttentionCellWrapper" -> "attention_cell_wrapper";
                case "InputProjectionWrapper" -> "input_projection_wrapper";
                case "Attention" -> "attention";
                case "AttnOutputProjection", "attention_output_projection" -> "attn_output_projection";
                case "AttnW" -> "attn_w";
                case "AttnV" -> "attn_v";
                case "Matrix" -> "kernel";
                case "Bias" -> "bias";
                default -> p.matches("Cell\\d+") ? "cell_" + p.substring(4) : p;
            });
        }
        int last = out.size() - 1;
        boolean fc = out.size() == 2 && out.get(0).equals("fully_connected");
        if (!fc && out.get(last).equals("weights")) out.set(last, "kernel");
        if (!fc && out.get(last).equals("biases")) out.set(last, "bias");
        if (fc && out.get(last).equals("kernel")) out.set(last, "weights");
        if (fc && out.get(last).equals("bias")) out.set(last, "biases");
        String first = out.get(0);
        if (first.equals("multi_rnn_cell") || first.equals("attention_cell_wrapper")) out.add(0, "rnn");
        return String.join("/", out);
    }

    /**
     * Builds the network the variables describe.
     *
     * @param vars the checkpoint's variables (training state already left out)
     * @param source how messages name the checkpoint
     * @throws BadInputException one line naming the variable that does not fit
     */
    public static ImportedModel toModel(Map<String, CheckpointTensor> vars, String source, Hints hints) {
        List<String> notes = new ArrayList<>();
        Map<String, CheckpointTensor> byName = new TreeMap<>();
        for (CheckpointTensor t : vars.values()) {
            String c = canonical(t.name());
            CheckpointTensor clash = byName.put(c, t);
            if (clash != null) {
                throw new BadInputException(source + ": variables " + clash.name() + " and " + t.name()
                        + " are the same parameter (" + c + ")");
            }
        }
        notes.add("variable names: " + era(vars.keySet()));
        byName = unwrapWholeStack(byName, notes);
        boolean wholeStack = byName.keySet().stream().anyMatch(n -> n.startsWith(WHOLE_STACK));

        int layers = wholeStack ? countLayers(byName, STACK_CELL, WHOLE_STACK, source) : countLayers(byName, CELL, "rnn/", source);
        boolean residual = byName.containsKey("rnn/multi_rnn_cell/cell_0/input_projection_wrapper/kernel");
        boolean attention = wholeStack || byName.containsKey(cellPrefix(0, residual) + "attention_cell_wrapper/kernel");
        List<Integer> sizes = new ArrayList<>();
        for (int i = 0; i < layers; i++) {
            String lstm = wholeStack ? WHOLE_STACK + "multi_rnn_cell/cell_" + i + "/basic_lstm_cell/"
                    : lstmPrefix(i, attention, byName);
            CheckpointTensor b = require(byName, lstm + "bias", source);
            long[] s = b.shape();
            if (s.length != 1 || s[0] % 4 != 0 || s[0] == 0) {
                throw new BadInputException(source + ": variable " + b.name() + " has shape " + b.shapeText()
                        + ", expected [4 x layer size]");
            }
            sizes.add((int) (s[0] / 4));
        }
        int inputSize = wholeStack ? wrapperInputSize(byName, sizes.get(layers - 1), source)
                : inputSize(byName, attention, residual, sizes.get(0), source);
        CheckpointTensor fc = require(byName, FC_WEIGHTS, source);
        if (fc.shape().length != 2) {
            throw new BadInputException(source + ": variable " + fc.name() + " has shape " + fc.shapeText()
                    + ", expected [" + sizes.get(layers - 1) + ", classes]");
        }
        int classes = (int) fc.shape()[1];
        notes.add("layers " + sizes + " (from the LSTM kernels), " + inputSize + " inputs, " + classes + " classes"
                + (residual ? ", residual connections" : "") + (wholeStack ? ", attention around the whole stack "
                + "(Magenta before May 2017; attention size " + sizes.get(layers - 1) + ", the top layer's; "
                + "generation and evaluation only)" : attention ? ", attention on layer 0" : ""));

        ModelConfig config = chooseConfig(inputSize, classes, source, hints, notes);
        int attnLength = attnLength(attention, config, source, hints, notes);
        String sizesText = sizes.toString().replace(" ", "");
        HParams hp = HParams.parse("rnn_layer_sizes=" + sizesText + ",attn_length=" + attnLength
                + ",residual_connections=" + residual, config.hparams());
        EncoderDecoder enc = config.encoderDecoder();
        LstmNetwork net = new LstmNetwork(inputSize, classes, enc.defaultEventLabel(), hp, 0, DataType.FLOAT,
                Head.SOFTMAX, wholeStack ? AttentionWrap.WHOLE_STACK : AttentionWrap.FIRST_LAYER);
        net.setParameters(values(net, byName, source), false);
        return new ImportedModel(config, net, List.copyOf(notes));
    }

    /**
     * The whole-stack attention layout with one layer, rewritten to layer-0 attention: the same network, and one
     * this project can also train. A deeper stack keeps its names (an {@link AttentionWrap#WHOLE_STACK} network).
     */
    private static Map<String, CheckpointTensor> unwrapWholeStack(Map<String, CheckpointTensor> byName,
                                                                  List<String> notes) {
        if (byName.keySet().stream().noneMatch(n -> n.startsWith(WHOLE_STACK))) return byName;
        TreeSet<String> cells = new TreeSet<>();
        for (String n : byName.keySet()) {
            Matcher m = STACK_CELL.matcher(n);
            if (m.find()) cells.add(m.group(1));
        }
        if (cells.size() > 1) return byName;
        Map<String, CheckpointTensor> out = new TreeMap<>();
        String cell0 = "rnn/multi_rnn_cell/cell_0/";
        for (Map.Entry<String, CheckpointTensor> e : byName.entrySet()) {
            String n = e.getKey();
            if (n.startsWith(WHOLE_STACK + "multi_rnn_cell/cell_0/")) {
                n = cell0 + "attention_cell_wrapper/" + n.substring((WHOLE_STACK + "multi_rnn_cell/cell_0/").length());
            } else if (n.startsWith(WHOLE_STACK)) {
                n = cell0 + "attention_cell_wrapper/" + n.substring(WHOLE_STACK.length());
            }
            out.put(n, e.getValue());
        }
        notes.add("attention wraps the whole stack (pre-May-2017 layout); with one layer that is attention on layer 0");
        return out;
    }

    private static int countLayers(Map<String, CheckpointTensor> byName, Pattern cell, String scope, String source) {
        int max = -1;
        for (String n : byName.keySet()) {
            Matcher m = cell.matcher(n);
            if (m.find()) max = Math.max(max, Integer.parseInt(m.group(1)));
        }
        if (max < 0) {
            throw new BadInputException(source + ": missing variable " + scope + "multi_rnn_cell/cell_0/basic_lstm_cell/"
                    + "kernel (no LSTM layers among " + byName.size() + " variables)");
        }
        return max + 1;
    }

    /**
     * The stack's input size when attention wraps it: the wrapper projects [input, attention] back to the input's
     * width, so its kernel is [inputs + attention size, inputs].
     */
    private static int wrapperInputSize(Map<String, CheckpointTensor> byName, int attnSize, String source) {
        CheckpointTensor w1 = require(byName, WHOLE_STACK + "kernel", source);
        long[] s = w1.shape();
        if (s.length != 2 || s[1] <= 0 || s[0] != s[1] + attnSize) {
            throw new BadInputException(source + ": variable " + w1.name() + " has shape " + w1.shapeText()
                    + ", expected [inputs + " + attnSize + ", inputs] (the top layer's size is the attention size)");
        }
        return (int) s[1];
    }

    /**
     * Where a layer's wrapped cell lives: Magenta's residual mode puts an InputProjectionWrapper around layer 0 and
     * every layer whose size changes, and TensorFlow nests the wrapped cell's variables in its scope.
     */
    private static String cellPrefix(int layer, boolean projected) {
        return "rnn/multi_rnn_cell/cell_" + layer + "/" + (projected ? "input_projection_wrapper/" : "");
    }

    private static String lstmPrefix(int layer, boolean attention, Map<String, CheckpointTensor> byName) {
        boolean projected = byName.containsKey(cellPrefix(layer, true) + "kernel");
        return cellPrefix(layer, projected) + (layer == 0 && attention ? "attention_cell_wrapper/" : "")
                + "basic_lstm_cell/";
    }

    private static int inputSize(Map<String, CheckpointTensor> byName, boolean attention, boolean residual, int h0,
                                 String source) {
        String name;
        long size;
        if (residual) {
            name = "rnn/multi_rnn_cell/cell_0/input_projection_wrapper/kernel";
            size = rows(require(byName, name, source), source);
        } else if (attention) {
            name = cellPrefix(0, false) + "attention_cell_wrapper/kernel";
            CheckpointTensor w1 = require(byName, name, source);
            size = w1.shape().length == 2 ? w1.shape()[1] : -1;
        } else {
            name = cellPrefix(0, false) + "basic_lstm_cell/kernel";
            size = rows(require(byName, name, source), source) - h0;
        }
        if (size <= 0) {
            CheckpointTensor t = byName.get(name);
            throw new BadInputException(source + ": variable " + t.name() + " has shape " + t.shapeText()
                    + ", which gives no input size for a layer of " + h0);
        }
        return (int) size;
    }

    private static long rows(CheckpointTensor t, String source) {
        if (t.shape().length != 2) {
            throw new BadInputException(source + ": variable " + t.name() + " has shape " + t.shapeText()
                    + ", expected a matrix");
        }
        return t.shape()[0];
    }

    private static ModelConfig chooseConfig(int inputSize, int classes, String source, Hints hints,
                                             List<String> notes) {
        List<ModelConfig> fitting = new ArrayList<>();
        List<ModelConfig> all = new ArrayList<>(MelodyRnn.FAMILY.configs());
        all.add(PolyphonyRnn.POLYPHONY);
        for (ModelConfig c : all) {
            EncoderDecoder e = c.encoderDecoder();
            if (e.inputSize() == inputSize && e.numClasses() == classes) fitting.add(c);
        }
        if (hints.config() != null && hints.configStrict()) {
            ModelConfig c = ModelRegistry.config(hints.config());
            if (c.multiHot()) {
                // Magenta's checkpoints end in a softmax; a multi-hot config (a sigmoid per key) cannot hold one
                throw naming(source + ": " + hints.configSource() + " is " + c.name()
                        + ", which predicts a set of keys per step; imports are for one-class configs");
            }
            EncoderDecoder e = c.encoderDecoder();
            if (e.inputSize() != inputSize || e.numClasses() != classes) {
                throw naming(source + ": " + hints.configSource() + " is " + c.name() + ", which encodes "
                        + e.inputSize() + " inputs and " + e.numClasses() + " classes, but the variables take "
                        + inputSize + " inputs and give " + classes + " classes"
                        + (fitting.isEmpty() ? "" : " (" + fitting.get(0).name() + ")"));
            }
            notes.add("config " + c.name() + " (" + inWords(hints.configSource()) + "; it fits the shapes)");
            return c;
        }
        if (fitting.isEmpty()) {
            throw new BadInputException(source + ": no config encodes " + inputSize + " inputs and " + classes
                    + " classes (variables rnn/multi_rnn_cell/cell_0/... and " + FC_WEIGHTS + ")");
        }
        ModelConfig c = fitting.get(0);
        if (hints.config() != null && !hints.config().equals(c.name())) {
            notes.add("config " + c.name() + " inferred from the shapes (" + inputSize + " inputs, " + classes
                    + " classes); " + inWords(hints.configSource()) + " says " + hints.config()
                    + ", which does not fit them");
        } else {
            notes.add("config " + c.name() + " inferred from the shapes (" + inputSize + " inputs, " + classes
                    + " classes)");
        }
        return c;
    }

    private static int attnLength(boolean attention, ModelConfig config, String source, Hints hints,
                                  List<String> notes) {
        if (!attention) {
            if (hints.attnLength() != null && hints.attnLength() > 0 && GIVEN_ATTN_LENGTH.equals(hints.attnLengthSource())) {
                throw naming(source + ": {attn_length} " + hints.attnLength() + " given, but the "
                        + "checkpoint has no attention variables (rnn/multi_rnn_cell/cell_0/attention_cell_wrapper/...)");
            }
            return 0;
        }
        if (hints.attnLength() != null) {
            if (hints.attnLength() <= 0) {
                throw naming(source + ": attn_length must be positive for a network with attention, got "
                        + hints.attnLength() + " (" + hints.attnLengthSource() + ")");
            }
            notes.add("attn_length " + hints.attnLength() + " (" + inWords(hints.attnLengthSource()) + ")");
            return hints.attnLength();
        }
        int def = HParams.parse(config.hparams()).attnLength();
        if (def <= 0) {
            throw naming(source + ": the network has attention, but attn_length is not in the "
                    + "checkpoint and " + config.name() + " has no default; pass {attn_length} N");
        }
        notes.add("attn_length " + def + " (" + config.name() + "'s default: not stored in checkpoints; "
                + "a given attn_length overrides)");
        return def;
    }

    /** An error whose message marks the caller's settings ({@link #GIVEN_CONFIG}), for the CLI to spell as flags. */
    private static BadInputException naming(String template) {
        List<String> fields = List.of("config", "attn_length").stream()
                .filter(f -> template.contains("{" + f + "}")).toList();
        return fields.isEmpty() ? new BadInputException(template) : new BadSettingException(fields, template);
    }

    /** A value's source for a note: "the config given" for {@link #GIVEN_CONFIG}, else the source's own words. */
    private static String inWords(String source) {
        return source.startsWith("{") ? "the " + source.substring(1, source.length() - 1) + " given" : source;
    }

    /** The network's parameters from the variables; every parameter needed, every variable used. */
    private static Map<String, INDArray> values(LstmNetwork net, Map<String, CheckpointTensor> byName, String source) {
        Map<String, INDArray> params = net.parameters();
        for (Map.Entry<String, CheckpointTensor> e : byName.entrySet()) {
            if (!params.containsKey(e.getKey())) {
                throw new BadInputException(source + ": unknown variable " + e.getValue().name() + " (not part of a "
                        + net.hparams().rnnLayerSizes() + (net.hparams().attnLength() > 0 ? " attention" : "")
                        + " network of this layout)");
            }
        }
        Map<String, INDArray> out = new LinkedHashMap<>();
        for (Map.Entry<String, INDArray> p : params.entrySet()) {
            CheckpointTensor t = byName.get(p.getKey());
            if (t == null) throw new BadInputException(source + ": missing variable " + p.getKey());
            long[] want = p.getValue().shape();
            if (!Arrays.equals(want, t.shape())) {
                throw new BadInputException(source + ": variable " + t.name() + " has shape " + t.shapeText()
                        + ", expected " + Arrays.toString(want));
            }
            float[] v = t.values();
            for (int k = 0; k < v.length; k++) {
                if (!Float.isFinite(v[k])) {
                    throw new BadInputException(source + ": variable " + t.name() + " holds " + v[k] + " at index " + k);
                }
            }
            out.put(p.getKey(), Nd4j.create(v, want, 'c'));
        }
        return out;
    }

    private static CheckpointTensor require(Map<String, CheckpointTensor> byName, String name, String source) {
        CheckpointTensor t = byName.get(name);
        if (t == null) throw new BadInputException(source + ": missing variable " + name);
        return t;
    }

    private static String era(Iterable<String> names) {
        boolean tf0 = false;
        boolean tf10 = false;
        for (String n : names) {
            tf0 |= n.endsWith("/Matrix") || n.endsWith("/Bias") || n.contains("MultiRNNCell");
            tf10 |= !n.startsWith("fully_connected/") && (n.endsWith("/weights") || n.endsWith("/biases"));
        }
        return tf0 ? "TensorFlow 0.x (RNN/MultiRNNCell/Cell0/BasicLSTMCell/Linear/Matrix|Bias)"
                : tf10 ? "TensorFlow 1.0-1.1 (weights/biases)" : "current (kernel/bias)";
    }
}
