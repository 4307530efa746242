package io.weft.client.admin;

import static java.util.Objects.requireNonNull;

/**
 * What {@code refreshAdminAcls} answers: {@code weft.admin.acl} now in force, the one it replaced, and where it was
 * read from (or why nothing was read).
 */
public record AdminAclRefreshed(String adminAcl, String previous, String source) {
  public AdminAclRefreshed {
    requireNonNull(adminAcl, "adminAcl");
    requireNonNull(previous, "previous");
    requireNonNull(source, "source");
  }

  public boolean changed() {
    return !adminAcl.equals(previous);
  }
}
