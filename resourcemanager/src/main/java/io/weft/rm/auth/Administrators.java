package io.weft.rm.auth;

import static java.util.Objects.requireNonNull;

import io.weft.rm.queue.Acl;
import java.util.concurrent.atomic.AtomicReference;

/**
 * {@code weft.admin.acl} as the RM holds it: read at start, replaced by {@code rmadmin -refreshAdminAcls}. Everything
 * that asks "is this user an administrator" (the admin services' guard, application ACLs) reads it here, so a
 * refresh takes effect on the next call.
 */
public final class Administrators {
  private final AtomicReference<Acl> acl;

  public Administrators(Acl initial) {
    this.acl = new AtomicReference<>(requireNonNull(initial));
  }

  public Acl acl() {
    return acl.get();
  }

  public boolean allows(String user) {
    return acl.get().allows(user);
  }

  /** Answers the ACL it replaced. */
  public Acl replace(Acl next) {
    return acl.getAndSet(requireNonNull(next));
  }
}
