package org.magentajava.io;

import java.util.List;
import java.util.function.UnaryOperator;

/**
 * A setting given to the library that is out of range or malformed. The message names the setting by its field
 * name (e.g. {@code num_steps}, {@code primer melody}); a front end that exposes the setting under another name
 * (the CLI's {@code --num_steps}) rewrites the message with {@link #messageNaming}.
 *
 * <p>The template marks every mention of a field as {@code {field}}, so that rewriting touches only those
 * mentions, never the same word used as a unit ("90 qpm") or inside a value the user gave.
 */
public class BadSettingException extends BadInputException {
    private final List<String> fields;
    private final String template;

    /** @param template one line that writes {@code {field}} wherever it names the setting */
    public BadSettingException(String field, String template) {
        this(List.of(field), template);
    }

    /** For a setting that names something which could not be read, e.g. a soundfont file. */
    public BadSettingException(String field, String template, Throwable cause) {
        this(List.of(field), template, cause);
    }

    /** For a problem with several settings together, e.g. beam_size × branch_factor. */
    public BadSettingException(List<String> fields, String template) {
        this(fields, template, null);
    }

    private BadSettingException(List<String> fields, String template, Throwable cause) {
        super(fill(fields, template, UnaryOperator.identity()), cause);
        this.fields = List.copyOf(fields);
        this.template = template;
    }

    /** The settings at fault, the first being the one to change. */
    public List<String> fields() {
        return fields;
    }

    /** The message with every marked mention of a field replaced by what {@code spelling} calls it. */
    public String messageNaming(UnaryOperator<String> spelling) {
        return fill(fields, template, spelling);
    }

    private static String fill(List<String> fields, String template, UnaryOperator<String> spelling) {
        String message = template;
        for (String field : fields) {
            message = message.replace("{" + field + "}", spelling.apply(field));
        }
        return message;
    }
}
