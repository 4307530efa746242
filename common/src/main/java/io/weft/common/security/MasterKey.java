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
  private static final ThreadLocal<Mac> MACS = ThreadLocal.withInitial(() -> {
    try {
      return Mac.getInstance(ALGORITHM);
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("HMAC-SHA256 unavailable", e);
    }
  });

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
      Mac mac = MACS.get();
      mac.init(new SecretKeySpec(secret, ALGORITHM));
      return mac.doFinal(identifier);
    } catch (InvalidKeyException e) {
      throw new IllegalStateException("HMAC-SHA256 refused master key " + keyId, e);
    }
  }

  /** Constant-time check that {@code password} is this key's signature of {@code identifier}. */
  public boolean verify(byte[] identifier, byte[] password) {
    return MessageDigest.isEqual(sign(identifier), password);
  }
}
