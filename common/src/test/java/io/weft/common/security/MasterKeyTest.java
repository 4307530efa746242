package io.weft.common.security;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import org.junit.jupiter.api.Test;

class MasterKeyTest {
  private static final byte[] IDENTIFIER = "container_1700000000000_0001_01_000002".getBytes(StandardCharsets.UTF_8);

  /** A thread's Mac keeps the key it was last given; each signature must still be its own key's. */
  @Test
  void keysSigningInTurnOnOneThread_eachGiveTheirOwnHmac() throws Exception {
    MasterKey first = MasterKey.generate(1);
    MasterKey second = MasterKey.generate(2);
    for (MasterKey key : new MasterKey[] {first, first, second, first, second, second}) {
      assertArrayEquals(hmac(key, IDENTIFIER), key.sign(IDENTIFIER), "key " + key.keyId());
    }
    assertTrue(first.verify(IDENTIFIER, hmac(first, IDENTIFIER)));
    assertFalse(second.verify(IDENTIFIER, hmac(first, IDENTIFIER)));
  }

  /** Two key objects with the same secret (a key read back from the store) sign alike. */
  @Test
  void anEqualKeyMadeAgain_signsAlike() {
    MasterKey key = MasterKey.generate(7);
    MasterKey again = new MasterKey(7, key.secret());
    assertArrayEquals(key.sign(IDENTIFIER), again.sign(IDENTIFIER));
  }

  private static byte[] hmac(MasterKey key, byte[] identifier) throws Exception {
    Mac mac = Mac.getInstance("HmacSHA256");
    mac.init(new SecretKeySpec(key.secret(), "HmacSHA256"));
    return mac.doFinal(identifier);
  }
}
