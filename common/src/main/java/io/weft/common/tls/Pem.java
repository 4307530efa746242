package io.weft.common.tls;

import io.weft.common.rpc.WeftException;
import java.io.IOException;
import java.io.Reader;
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
    List<X509Certificate> certificates = new ArrayList<>();
    try (PEMParser parser = new PEMParser(open(file))) {
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
    try (PEMParser parser = new PEMParser(open(file))) {
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
    StringWriter text = new StringWriter();
    try (JcaPEMWriter writer = new JcaPEMWriter(text)) {
      for (X509Certificate c : certificates) {
        writer.writeObject(c);
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    writeNew(file, text.toString(), "rw-r--r--");
  }

  /** Writes a private key as PKCS#8, readable by its owner only. */
  public static void write(Path file, PrivateKey key) {
    StringWriter text = new StringWriter();
    try (JcaPEMWriter writer = new JcaPEMWriter(text)) {
      writer.writeObject(new JcaPKCS8Generator(key, null));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    writeNew(file, text.toString(), "rw-------");
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
