package io.weft.rm.rpc;

import io.weft.common.id.ApplicationId;
import io.weft.common.rpc.WeftException;
import io.weft.common.tls.ApplicationCertificate;
import java.security.cert.X509Certificate;
import java.util.Optional;

/**
 * The certificate each application's AM registered for its https tracking URL (the driver UI, which
 * serves with the application's own certificate): the web proxy trusts exactly it for that
 * application. Kept for the most recent {@value RecentApplications#REMEMBERED} applications and in
 * memory only: after an RM restart or failover every AM registers again (RESYNC) and gives it again.
 */
public final class TrackingCertificates {
  private final RecentApplications<X509Certificate> certificates = new RecentApplications<>();

  /** The certificate {@code id}'s AM registered, if any. */
  public Optional<X509Certificate> of(ApplicationId id) {
    return certificates.of(id);
  }

  /** Records what an AM of {@code id} registered (the latest attempt's wins). */
  void record(ApplicationId id, X509Certificate certificate) {
    certificates.recordLatest(id, certificate);
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
