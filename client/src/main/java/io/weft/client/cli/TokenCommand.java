package io.weft.client.cli;

import io.weft.client.WeftClient;
import io.weft.client.admin.IssuedUserToken;
import io.weft.client.admin.UserToken;
import io.weft.common.rpc.WeftException;
import io.weft.common.security.SecretFiles;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.Locale;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * {@code weft security token create|revoke|list}: the users' bearer tokens
 * ({@code weft.security.authentication=token}), issued by the RM to administrators' requests. The
 * caller's own token comes from {@code ~/.weft/token}, {@code $WEFT_TOKEN} or
 * {@code weft.security.token.file}; the first administrator's is the one the RM wrote at its first start.
 */
@Command(name = "token", description = "Create, revoke and list users' bearer tokens (administrators only).",
    mixinStandardHelpOptions = true,
    subcommands = {TokenCommand.Create.class, TokenCommand.Revoke.class, TokenCommand.ListTokens.class})
public final class TokenCommand {
  private final CliContext context;

  public TokenCommand(CliContext context) {
    this.context = context;
  }

  @Command(name = "create", description = "Issue a token for a user; prints it (the only time it is shown).",
      mixinStandardHelpOptions = true)
  static final class Create implements Callable<Integer> {
    @picocli.CommandLine.ParentCommand
    TokenCommand parent;

    @Option(names = "--user", required = true, paramLabel = "NAME", description = "who the token proves its holder is")
    String user;

    @Option(names = "--expiry", paramLabel = "DURATION", defaultValue = "",
        description = "how long it is valid: 30d, 12h, 90m, 3600s or ISO-8601 (P30D); default: until revoked")
    String expiry;

    @Option(names = "--save", paramLabel = "FILE",
        description = "also write it to FILE (mode 600), e.g. ~/.weft/token for your own")
    Path save;

    @Override
    public Integer call() {
      CliContext context = parent.context;
      Duration lifetime = expiry.isBlank() ? Duration.ZERO : parseDuration(expiry);
      try (WeftClient client = context.connect()) {
        IssuedUserToken created = client.createUserToken(user, lifetime);
        if (save != null) {
          write(save, created.token());
          context.err().println("saved to " + save);
        }
        context.err().println("token " + created.info().id() + " for " + created.info().user()
            + (created.info().expiryTime() == 0 ? ", no expiry"
                : ", expires " + Instant.ofEpochMilli(created.info().expiryTime())));
        context.out().println(created.token());
        return 0;
      }
    }
  }

  @Command(name = "revoke", description = "Revoke a token at once.", mixinStandardHelpOptions = true)
  static final class Revoke implements Callable<Integer> {
    @picocli.CommandLine.ParentCommand
    TokenCommand parent;

    @Parameters(paramLabel = "ID", description = "the token's id (see 'token list')")
    String id;

    @Override
    public Integer call() {
      try (WeftClient client = parent.context.connect()) {
        UserToken info = client.revokeUserToken(id);
        parent.context.out().println("token " + info.id() + " of " + info.user() + " revoked at "
            + Instant.ofEpochMilli(info.revokedTime()));
        return 0;
      }
    }
  }

  @Command(name = "list", description = "List every token (no secrets).", mixinStandardHelpOptions = true)
  static final class ListTokens implements Callable<Integer> {
    @picocli.CommandLine.ParentCommand
    TokenCommand parent;

    @Override
    public Integer call() {
      try (WeftClient client = parent.context.connect()) {
        parent.context.out().printf("%-16s  %-16s  %-24s  %-24s  %-24s  %s%n", "ID", "USER", "ISSUED", "EXPIRES",
            "REVOKED", "ISSUED BY");
        for (UserToken t : client.listUserTokens()) {
          parent.context.out().printf("%-16s  %-16s  %-24s  %-24s  %-24s  %s%n", t.id(), t.user(),
              Instant.ofEpochMilli(t.issuedTime()), when(t.expiryTime(), "never"), when(t.revokedTime(), "-"),
              t.issuedBy());
        }
        return 0;
      }
    }

    private static String when(long ms, String none) {
      return ms == 0 ? none : Instant.ofEpochMilli(ms).toString();
    }
  }

  /** {@code 30d}, {@code 12h}, {@code 90m}, {@code 3600s}, or ISO-8601; a bad or non-positive one is named. */
  static Duration parseDuration(String text) {
    String t = text.strip().toLowerCase(Locale.ROOT);
    Duration d;
    try {
      if (t.startsWith("p")) {
        d = Duration.parse(t.toUpperCase(Locale.ROOT));
      } else {
        long n = Long.parseLong(t.substring(0, t.length() - 1));
        d = switch (t.charAt(t.length() - 1)) {
          case 'd' -> Duration.ofDays(n);
          case 'h' -> Duration.ofHours(n);
          case 'm' -> Duration.ofMinutes(n);
          case 's' -> Duration.ofSeconds(n);
          default -> throw new NumberFormatException();
        };
      }
    } catch (NumberFormatException | DateTimeParseException | StringIndexOutOfBoundsException e) {
      throw WeftException.invalidArgument("--expiry '" + text + "' is not a duration: use 30d, 12h, 90m, 3600s "
          + "or ISO-8601 such as P30D");
    }
    if (d.isNegative() || d.isZero()) {
      throw WeftException.invalidArgument("--expiry '" + text + "' must be positive");
    }
    return d;
  }

  private static void write(Path file, String token) {
    try {
      SecretFiles.write(file, token);
    } catch (IOException e) {
      throw WeftException.invalidArgument("cannot write the token to " + file + ": " + e.getMessage());
    }
  }

}
