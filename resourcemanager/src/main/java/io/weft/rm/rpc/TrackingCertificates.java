package io.weft.rm.rpc;

import io.weft.common.id.ApplicationId;
import io.weft.common.rpc.WeftException;
import io.weft.common.tls.ApplicationCertificate;
import java.security.cert.X509Certificate;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/**
 * The certificate each application's AM registered for its https tracking URL (the driver UI, which
 * serves with the application's own certificate): the web proxy trusts exactly it for that
 * application. Kept for the most recent {@value #REMEMBERED} applications and in memory only: after an
 * RM restart or failover every AM registers again (RESYNC) and gives it again.
 */
public final class TrackingCertificates {
  static final int REMEMBERED = 10_000;

  private final Map<ApplicationId, X509Certificate> certificates = new LinkedHashMap<>(16, 0.75f, false) {
    @Override
    protected boolean removeEldestEntry(Map.Entry<ApplicationId, X509Certificate> eldest) {
      return size() > REMEMBERED;
    }
  };

  /** The certificate {@code id}'s AM registered, if any. */
  public synchronized Optional<X509Certificate> of(ApplicationId id) {
    return Optional.ofNullable(certificates.get(id));
  }

  /** Records what an AM of {@code id} registered (the latest attempt's wins). */
  synchronized void record(ApplicationId id, X509Certificate certificate) {
    certificates.remove(id);
    certificates.put(id, certificate);
  }

  /** The certificate in a registration's {@code tracking_certificate}; INVALID_ARGUMENT naming the field if none. */
  static X509Certificate parse(String pem) {
    try {
      return ApplicationCertificate.parseCertificate(pem, "tracking_certificate");
    } catch (WeftException e) {
      throw WeftException.invalidArgument("tracking_certificate must be one PEM certificate: " + e.getMessage());
    }
  }
}
