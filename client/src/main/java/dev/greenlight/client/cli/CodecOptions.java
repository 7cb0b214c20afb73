package dev.greenlight.client.cli;

import dev.greenlight.client.codec.CodecKeyException;
import dev.greenlight.client.codec.CodecKeys;
import java.nio.file.Path;
import java.util.Optional;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/**
 * {@code --codec-key-file} alone, for the commands that read stored histories without talking to
 * Temporal ({@code audit replay}, {@code audit report}). The commands that connect have it in
 * {@link ConnectionOptions}.
 */
public final class CodecOptions {
  @Option(
      names = CodecKeys.OPTION,
      paramLabel = "FILE",
      description = {
        "Decrypt payloads with the keys in FILE (id=base64key lines; env " + CodecKeys.ENV + ")."
      })
  private Path codecKeyFile;

  @Spec(Spec.Target.MIXEE)
  private CommandSpec mixee;

  /**
   * The keys, or empty when none were given.
   *
   * @throws ParameterException when the file does not parse (exit 2), naming file and line
   */
  public Optional<CodecKeys> codecKeys() {
    return load(codecKeyFile, mixee);
  }

  static Optional<CodecKeys> load(Path file, CommandSpec mixee) {
    try {
      return CodecKeys.from(file);
    } catch (CodecKeyException e) {
      throw new ParameterException(mixee.commandLine(), CodecKeys.OPTION + ": " + e.getMessage());
    }
  }
}
