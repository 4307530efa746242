package io.weft.common.tls;

import static java.util.Objects.requireNonNull;

import io.weft.common.rpc.WeftException;
import java.math.BigInteger;
import java.net.InetAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.PrivateKey;
import java.security.SecureRandom;
import java.security.cert.X509Certificate;
import java.security.spec.ECGenParameterSpec;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Date;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import javax.security.auth.x500.X500Principal;
import org.bouncycastle.asn1.x509.BasicConstraints;
import org.bouncycastle.asn1.x509.ExtendedKeyUsage;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.asn1.x509.GeneralName;
import org.bouncycastle.asn1.x509.GeneralNames;
import org.bouncycastle.asn1.x509.KeyPurposeId;
import org.bouncycastle.asn1.x509.KeyUsage;
import org.bouncycastle.cert.CertIOException;
import org.bouncycastle.cert.X509v3CertificateBuilder;
import org.bouncycastle.cert.jcajce.JcaX509CertificateConverter;
import org.bouncycastle.cert.jcajce.JcaX509ExtensionUtils;
import org.bouncycastle.cert.jcajce.JcaX509v3CertificateBuilder;
import org.bouncycastle.operator.OperatorCreationException;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;

/**
 * A cluster CA for a test or a small cluster: {@code ca.pem} and {@code ca.key} in a directory, and
 * certificates it issues beside them ({@code NAME.pem}, {@code NAME.key}). A certificate's subject is
 * {@code CN=name, OU=role, O=Weft}; its subject alternative names hold the host names and addresses
 * it serves under (always {@code localhost} and {@code 127.0.0.1}). Keys are EC P-256. Production
 * brings its own PKI: Weft only reads PEM files, the subject's CN and OU, and (of a NodeManager's
 * certificate, {@link CertificateNames}) the alternative names.
 */
public final class CertificateAuthority {
  public static final String ORGANIZATION = "Weft";
  public static final String CA_CERT = "ca.pem";
  public static final String CA_KEY = "ca.key";
  private static final Duration CA_VALIDITY = Duration.ofDays(10 * 365);
  private static final Duration VALIDITY = Duration.ofDays(365);
  private static final SecureRandom RANDOM = new SecureRandom();

  private final X509Certificate certificate;
  private final PrivateKey key;

  private CertificateAuthority(X509Certificate certificate, PrivateKey key) {
    this.certificate = requireNonNull(certificate);
    this.key = requireNonNull(key);
  }

  /** Makes a new CA in {@code dir} (created if absent); refuses to overwrite one that is there. */
  public static CertificateAuthority init(Path dir, String name) {
    KeyPair pair = newKeyPair();
    X500Principal subject = subject(name, "ca");
    X509Certificate cert = sign(new JcaX509v3CertificateBuilder(subject, serial(), notBefore(),
        Date.from(Instant.now().plus(CA_VALIDITY)), subject, pair.getPublic()), pair, builder -> {
          builder.addExtension(Extension.basicConstraints, true, new BasicConstraints(0));
          builder.addExtension(Extension.keyUsage, true, new KeyUsage(KeyUsage.keyCertSign | KeyUsage.cRLSign));
        }, pair.getPrivate());
    createDirectories(dir);
    Pem.write(dir.resolve(CA_KEY), pair.getPrivate());
    Pem.write(dir.resolve(CA_CERT), List.of(cert));
    return new CertificateAuthority(cert, pair.getPrivate());
  }

  /** The CA made earlier by {@link #init} in {@code dir}. */
  public static CertificateAuthority load(Path dir) {
    return new CertificateAuthority(Pem.certificates(dir.resolve(CA_CERT)).get(0), Pem.privateKey(dir.resolve(CA_KEY)));
  }

  public X509Certificate certificate() {
    return certificate;
  }

  /**
   * Issues a certificate for {@code name} in {@code role}, valid for client and server use under
   * {@code hosts} (host names or IP addresses) besides {@code localhost} and {@code 127.0.0.1}; writes
   * {@code NAME.pem} (the certificate, then the CA's) and {@code NAME.key} into {@code dir}.
   */
  public Issued issue(Path dir, CertRole role, String name, List<String> hosts) {
    if (!name.matches("[A-Za-z0-9][A-Za-z0-9._@-]{0,63}")) {
      throw WeftException.invalidArgument("certificate name '" + name + "' must be 1-64 letters, digits, '.', '_', "
          + "'@' or '-', starting with a letter or digit (it becomes the user or host name and the file name)");
    }
    KeyPair pair = newKeyPair();
    GeneralNames alternativeNames = alternativeNames(name, hosts);
    X509Certificate cert = sign(new JcaX509v3CertificateBuilder(certificate, serial(), notBefore(),
        Date.from(Instant.now().plus(VALIDITY)), subject(name, role.label()), pair.getPublic()), pair, builder -> {
          builder.addExtension(Extension.basicConstraints, true, new BasicConstraints(false));
          builder.addExtension(Extension.keyUsage, true, new KeyUsage(KeyUsage.digitalSignature));
          builder.addExtension(Extension.extendedKeyUsage, false,
              new ExtendedKeyUsage(new KeyPurposeId[] {KeyPurposeId.id_kp_serverAuth, KeyPurposeId.id_kp_clientAuth}));
          builder.addExtension(Extension.subjectAlternativeName, false, alternativeNames);
          builder.addExtension(Extension.authorityKeyIdentifier, false,
              extensionUtils().createAuthorityKeyIdentifier(certificate));
        }, key);
    createDirectories(dir);
    Path certFile = dir.resolve(name + ".pem");
    Path keyFile = dir.resolve(name + ".key");
    Pem.write(keyFile, pair.getPrivate());
    Pem.write(certFile, List.of(cert, certificate));
    return new Issued(certFile, keyFile, cert);
  }

  /** What {@link #issue} wrote. */
  public record Issued(Path certificate, Path key, X509Certificate x509) {}

  /**
   * A new key and a certificate for it signed by itself, subject {@code CN=name, OU=role, O=Weft},
   * for client and server use, valid for {@code validity}: an identity that its holders trust by the
   * certificate itself rather than through a CA.
   */
  static KeyPairAndCertificate selfSigned(String name, String role, Duration validity) {
    KeyPair pair = newKeyPair();
    X500Principal subject = subject(name, role);
    X509Certificate cert = sign(new JcaX509v3CertificateBuilder(subject, serial(), notBefore(),
        Date.from(Instant.now().plus(validity)), subject, pair.getPublic()), pair, builder -> {
          builder.addExtension(Extension.basicConstraints, true, new BasicConstraints(false));
          builder.addExtension(Extension.keyUsage, true, new KeyUsage(KeyUsage.digitalSignature));
          builder.addExtension(Extension.extendedKeyUsage, false,
              new ExtendedKeyUsage(new KeyPurposeId[] {KeyPurposeId.id_kp_serverAuth, KeyPurposeId.id_kp_clientAuth}));
        }, pair.getPrivate());
    return new KeyPairAndCertificate(pair.getPrivate(), cert);
  }

  /** What {@link #selfSigned} made. */
  record KeyPairAndCertificate(PrivateKey key, X509Certificate certificate) {}

  private interface Extensions {
    void add(X509v3CertificateBuilder builder) throws CertIOException, GeneralSecurityException;
  }

  private static X509Certificate sign(X509v3CertificateBuilder builder, KeyPair subjectKeys, Extensions extensions,
      PrivateKey signer) {
    try {
      builder.addExtension(Extension.subjectKeyIdentifier, false,
          extensionUtils().createSubjectKeyIdentifier(subjectKeys.getPublic()));
      extensions.add(builder);
      return new JcaX509CertificateConverter().getCertificate(
          builder.build(new JcaContentSignerBuilder("SHA256withECDSA").build(signer)));
    } catch (CertIOException | GeneralSecurityException | OperatorCreationException e) {
      throw new IllegalStateException("cannot make a certificate: " + e.getMessage(), e);
    }
  }

  private static GeneralNames alternativeNames(String name, List<String> hosts) {
    Set<String> all = new LinkedHashSet<>();
    all.add(name);
    all.add("localhost");
    all.add("127.0.0.1");
    all.addAll(hosts);
    List<GeneralName> names = new ArrayList<>();
    for (String host : all) {
      if (host.isBlank()) {
        continue;
      }
      boolean address = host.matches("[0-9.]+") || host.contains(":");
      if (address && !isAddress(host)) {
        throw WeftException.invalidArgument("'" + host + "' is neither a host name nor an IP address");
      }
      names.add(new GeneralName(address ? GeneralName.iPAddress : GeneralName.dNSName, host));
    }
    return new GeneralNames(names.toArray(GeneralName[]::new));
  }

  private static boolean isAddress(String host) {
    try {
      // A literal is parsed, never looked up.
      InetAddress.getByName(host);
      return true;
    } catch (java.net.UnknownHostException e) {
      return false;
    }
  }

  private static X500Principal subject(String name, String role) {
    return new X500Principal("CN=" + name + ", OU=" + role + ", O=" + ORGANIZATION);
  }

  private static JcaX509ExtensionUtils extensionUtils() {
    try {
      return new JcaX509ExtensionUtils();
    } catch (java.security.NoSuchAlgorithmException e) {
      throw new IllegalStateException("SHA-1 unavailable for key identifiers", e);
    }
  }

  private static KeyPair newKeyPair() {
    try {
      KeyPairGenerator generator = KeyPairGenerator.getInstance("EC");
      generator.initialize(new ECGenParameterSpec("secp256r1"), RANDOM);
      return generator.generateKeyPair();
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("EC P-256 keys unavailable", e);
    }
  }

  private static BigInteger serial() {
    return new BigInteger(127, RANDOM);
  }

  private static Date notBefore() {
    // A little in the past: clocks of the hosts in a cluster differ by seconds.
    return Date.from(Instant.now().minus(Duration.ofHours(1)));
  }

  private static void createDirectories(Path dir) {
    try {
      Files.createDirectories(dir);
    } catch (java.io.IOException e) {
      throw new java.io.UncheckedIOException("cannot create " + dir + ": " + e.getMessage(), e);
    }
  }
}
