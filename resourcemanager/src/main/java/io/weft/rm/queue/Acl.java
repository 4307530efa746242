package io.weft.rm.queue;

import java.util.Arrays;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * An access list in YARN's text form: {@code *} for everyone, otherwise comma-separated user
 * names (a space then groups, which Weft does not resolve and ignores). Blank allows nobody.
 */
public record Acl(boolean everyone, Set<String> users, String text) {
  public static final Acl ALL = new Acl(true, Set.of(), "*");
  public static final Acl NOBODY = new Acl(false, Set.of(), " ");

  public Acl {
    users = Set.copyOf(users);
  }

  public static Acl parse(String text) {
    String t = text.strip();
    if (t.equals("*")) {
      return ALL;
    }
    String usersPart = text.startsWith(" ") ? "" : text.split(" ", 2)[0];
    Set<String> users = Arrays.stream(usersPart.split(",")).map(String::strip).filter(s -> !s.isEmpty())
        .collect(Collectors.toSet());
    return new Acl(false, users, text);
  }

  public boolean allows(String user) {
    return everyone || users.contains(user);
  }
}
