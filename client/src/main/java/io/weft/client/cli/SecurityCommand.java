package io.weft.client.cli;

import io.weft.common.tls.CertRole;
import io.weft.common.tls.CertificateAuthority;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * {@code weft security}: a cluster CA and its certificates, for a test or a small cluster
 * ({@code init-ca}, {@code issue}). Production brings its own PKI; Weft reads only PEM files and the
 * subject's CN (who) and OU (role).
 */
@Command(name = "security", description = "Make a cluster CA and certificates for TLS.", mixinStandardHelpOptions = true,
    subcommands = {SecurityCommand.InitCa.class, SecurityCommand.Issue.class})
final class SecurityCommand {
  final CliContext context;

  SecurityCommand(CliContext context) {
    this.context = context;
  }

  @Command(name = "init-ca", description = "Make a new cluster CA: DIR/ca.pem (give it to every process as "
      + "weft.security.tls.trust) and DIR/ca.key (keep it secret; only 'issue' needs it).", mixinStandardHelpOptions = true)
  static final class InitCa implements Callable<Integer> {
    @picocli.CommandLine.ParentCommand
    SecurityCommand parent;

    @Option(names = "--name", description = "the CA's common name (default: ${DEFAULT-VALUE})")
    String name = "weft-cluster-ca";

    @Parameters(paramLabel = "DIR", description = "where to write ca.pem and ca.key (created if absent)")
    Path dir;

    @Override
    public Integer call() {
      CertificateAuthority.init(dir, name);
      parent.context.out().println("Made CA '" + name + "': " + dir.resolve(CertificateAuthority.CA_CERT) + " (trust it), "
          + dir.resolve(CertificateAuthority.CA_KEY) + " (keep it secret)");
      return 0;
    }
  }

  @Command(name = "issue", description = "Issue a certificate of the CA in DIR: DIR/NAME.pem and DIR/NAME.key, for "
      + "weft.security.tls.cert and weft.security.tls.key.", mixinStandardHelpOptions = true)
  static final class Issue implements Callable<Integer> {
    @picocli.CommandLine.ParentCommand
    SecurityCommand parent;

    @Option(names = "--role", required = true, paramLabel = "ROLE",
        description = "resourcemanager, nodemanager or user (only a nodemanager may register as a node)")
    String role;

    @Option(names = "--name", required = true, paramLabel = "NAME",
        description = "the user name, or the daemon's name (its host name is a good one)")
    String name;

    @Option(names = "--host", paramLabel = "HOST", description = "a host name or IP address the daemon serves "
        + "under (repeatable; localhost and 127.0.0.1 are always included, and NAME)")
    List<String> hosts = new ArrayList<>();

    @Parameters(paramLabel = "DIR", description = "the CA's directory (made by init-ca)")
    Path dir;

    @Override
    public Integer call() {
      CertificateAuthority.Issued issued = CertificateAuthority.load(dir).issue(dir, CertRole.parse(role), name, hosts);
      parent.context.out().println("Issued " + issued.x509().getSubjectX500Principal().getName() + ": "
          + issued.certificate() + ", " + issued.key());
      return 0;
    }
  }
}
