package io.weft.common.tls;

import io.weft.common.rpc.WeftException;
import java.io.IOException;
import java.io.Reader;
import java.io.StringReader;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.PrivateKey;
import java.security.cert.CertificateException;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.List;
import org.bouncycastle.asn1.pkcs.PrivateKeyInfo;
import org.bouncycastle.cert.X509CertificateHolder;
import org.bouncycastle.cert.jcajce.JcaX509CertificateConverter;
import org.bouncycastle.openssl.PEMKeyPair;
import org.bouncycastle.openssl.PEMParser;
import org.bouncycastle.openssl.jcajce.JcaPEMKeyConverter;
import org.bouncycastle.openssl.jcajce.JcaPEMWriter;
import org.bouncycastle.openssl.jcajce.JcaPKCS8Generator;

/** PEM files of certificates and unencrypted private keys, read and written; errors name the file. */
public final class Pem {
  private Pem() {}

  /** Every certificate in {@code file}, in order (a chain, or a bundle of trusted CAs). */
  public static List<X509Certificate> certificates(Path file) {
    return certificates(open(file), file.toString());
  }

  /** Every certificate in the PEM {@code text}; errors name {@code source}. */
  public static List<X509Certificate> certificates(String text, String source) {
    return certificates(new StringReader(text), source);
  }

  private static List<X509Certificate> certificates(Reader pem, String file) {
    List<X509Certificate> certificates = new ArrayList<>();
    try (PEMParser parser = new PEMParser(pem)) {
      for (Object o = parser.readObject(); o != null; o = parser.readObject()) {
        if (o instanceof X509CertificateHolder holder) {
          certificates.add(new JcaX509CertificateConverter().getCertificate(holder));
        }
      }
    } catch (IOException | CertificateException e) {
      throw WeftException.invalidArgument("cannot read certificates from " + file + ": " + e.getMessage());
    }
    if (certificates.isEmpty()) {
      throw WeftException.invalidArgument(file + " holds no PEM certificate (-----BEGIN CERTIFICATE-----)");
    }
    return certificates;
  }

  /** The private key in {@code file}: PKCS#8 ({@code PRIVATE KEY}) or a traditional EC/RSA key pair. */
  public static PrivateKey privateKey(Path file) {
    return privateKey(open(file), file.toString());
  }

  /** The private key in the PEM {@code text}; errors name {@code source}. */
  public static PrivateKey privateKey(String text, String source) {
    return privateKey(new StringReader(text), source);
  }

  private static PrivateKey privateKey(Reader pem, String file) {
    try (PEMParser parser = new PEMParser(pem)) {
      for (Object o = parser.readObject(); o != null; o = parser.readObject()) {
        if (o instanceof PrivateKeyInfo info) {
          return new JcaPEMKeyConverter().getPrivateKey(info);
        }
        if (o instanceof PEMKeyPair pair) {
          return new JcaPEMKeyConverter().getPrivateKey(pair.getPrivateKeyInfo());
        }
      }
    } catch (IOException e) {
      throw WeftException.invalidArgument("cannot read a private key from " + file + ": " + e.getMessage());
    }
    throw WeftException.invalidArgument(file + " holds no unencrypted PEM private key (-----BEGIN PRIVATE KEY-----)");
  }

  /** Writes certificates, readable by all. */
  public static void write(Path file, List<X509Certificate> certificates) {
    writeNew(file, text(certificates), "rw-r--r--");
  }

  /** Writes a private key as PKCS#8, readable by its owner only. */
  public static void write(Path file, PrivateKey key) {
    writeNew(file, text(key), "rw-------");
  }

  /** Certificates as PEM text. */
  public static String text(List<X509Certificate> certificates) {
    return text(writer -> {
      for (X509Certificate c : certificates) {
        writer.writeObject(c);
      }
    });
  }

  /** A private key as PKCS#8 PEM text. */
  public static String text(PrivateKey key) {
    return text(writer -> writer.writeObject(new JcaPKCS8Generator(key, null)));
  }

  private interface PemObjects {
    void writeTo(JcaPEMWriter writer) throws IOException;
  }

  private static String text(PemObjects objects) {
    StringWriter text = new StringWriter();
    try (JcaPEMWriter writer = new JcaPEMWriter(text)) {
      objects.writeTo(writer);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return text.toString();
  }

  private static void writeNew(Path file, String text, String permissions) {
    try {
      // Created with its final permissions, so a key is never readable by others, not even for a moment.
      Files.createFile(file, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString(permissions)));
      Files.writeString(file, text, StandardCharsets.US_ASCII, StandardOpenOption.TRUNCATE_EXISTING);
    } catch (java.nio.file.FileAlreadyExistsException e) {
      throw WeftException.alreadyExists(file + " exists; remove it first, Weft does not overwrite keys or certificates");
    } catch (IOException e) {
      throw new UncheckedIOException("cannot write " + file + ": " + e.getMessage(), e);
    }
  }

  private static Reader open(Path file) {
    try {
      return Files.newBufferedReader(file, StandardCharsets.US_ASCII);
    } catch (java.nio.file.NoSuchFileException e) {
      throw WeftException.invalidArgument(file + " does not exist");
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read " + file + ": " + e.getMessage(), e);
    }
  }
}
