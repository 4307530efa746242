package io.weft.common.security;

import java.security.InvalidKeyException;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * A secret that signs tokens with HMAC-SHA256. The RM holds the master keys and shares the
 * container-token key with NMs, so an NM can check that a container was really granted.
 */
public record MasterKey(int keyId, byte[] secret) {
  private static final String ALGORITHM = "HmacSHA256";
  private static final SecureRandom RANDOM = new SecureRandom();
  // Mac.getInstance looks the provider up each time, which costs more than the HMAC of a token;
  // every RPC that carries a token signs or verifies one, so each thread keeps its Mac.
  private static final ThreadLocal<Signer> SIGNERS = ThreadLocal.withInitial(() -> {
    try {
      return new Signer(Mac.getInstance(ALGORITHM));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("HMAC-SHA256 unavailable", e);
    }
  });

  /**
   * A thread's Mac and the key it was last given: keys change seldom, and giving a Mac its key copies the secret
   * twice and hashes two blocks, which for a token's short identifier cost about as much as signing it.
   */
  private static final class Signer {
    final Mac mac;
    MasterKey key;

    Signer(Mac mac) {
      this.mac = mac;
    }
  }

  public MasterKey {
    secret = secret.clone();
    if (secret.length < 16) {
      throw new IllegalArgumentException("master key " + keyId + " is too short: " + secret.length + " bytes");
    }
  }

  /**
   * A new key with a random positive id, so keys made by different runs of a ResourceManager
   * (one restarted without its state store, say) do not share an id.
   */
  public static MasterKey generate() {
    return generate(1 + RANDOM.nextInt(Integer.MAX_VALUE - 1));
  }

  public static MasterKey generate(int keyId) {
    byte[] secret = new byte[32];
    RANDOM.nextBytes(secret);
    return new MasterKey(keyId, secret);
  }

  @Override
  public byte[] secret() {
    return secret.clone();
  }

  public byte[] sign(byte[] identifier) {
    try {
      Signer signer = SIGNERS.get();
      if (signer.key != this) {
        signer.key = null; // a failed init leaves no key to trust
        signer.mac.init(new SecretKeySpec(secret, ALGORITHM));
        signer.key = this;
      }
      return signer.mac.doFinal(identifier); // which leaves the Mac ready for the same key
    } catch (InvalidKeyException e) {
      throw new IllegalStateException("HMAC-SHA256 refused master key " + keyId, e);
    }
  }

  /** Constant-time check that {@code password} is this key's signature of {@code identifier}. */
  public boolean verify(byte[] identifier, byte[] password) {
    return MessageDigest.isEqual(sign(identifier), password);
  }
}
