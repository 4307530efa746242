package io.weft.driver.serialize;

import static java.util.Objects.requireNonNull;

import java.lang.reflect.Proxy;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * Which classes a Weft payload may contain. A task is user code, so the list cannot be fixed: it
 * admits the JDK's value and collection classes, Weft's own, and whatever the application's class
 * loader defines (the user jar). It refuses, before any of that, the packages that known
 * deserialization gadget chains are built from, even when the user jar bundles them, and dynamic
 * proxies; and it refuses any other class of the JDK or of Weft's own class path (libraries the
 * application did not ship).
 */
final class AdmittedClasses {
  /** Packages (and their sub-packages) of known gadget chains: refused wherever they were loaded from. */
  static final List<String> GADGET_PACKAGES = List.of(
      "org.apache.commons.collections.functors", "org.apache.commons.collections4.functors",
      "org.apache.commons.beanutils", "org.apache.commons.fileupload", "org.apache.wicket.util.upload",
      "com.sun.org.apache.xalan.internal.xsltc.trax", "org.apache.xalan.xsltc.trax",
      "com.sun.org.apache.xalan.internal.xsltc.runtime", "com.sun.org.apache.bcel",
      "java.rmi", "sun.rmi", "javax.management", "com.sun.jmx", "javax.naming", "com.sun.jndi",
      "org.codehaus.groovy.runtime", "groovy.lang", "com.sun.rowset", "javax.sql.rowset", "java.beans",
      "javax.script", "jdk.nashorn", "org.openjdk.nashorn", "org.mozilla.javascript", "org.python.core", "bsh",
      "clojure", "sun.reflect.annotation", "javax.swing", "sun.swing", "java.awt",
      "org.springframework.beans.factory", "org.springframework.aop", "org.springframework.transaction",
      "com.mchange.v2.c3p0", "org.hibernate.engine", "org.hibernate.tuple", "net.sf.json",
      "com.sun.syndication", "org.apache.myfaces", "com.vaadin.data", "org.jboss.interceptor",
      "org.jboss.weld", "org.apache.click", "com.alibaba.fastjson", "ch.qos.logback.core.db");

  /** The JDK's packages of plain values and collections. */
  private static final Set<String> JDK_VALUE_PACKAGES = Set.of("java.lang", "java.util", "java.util.concurrent",
      "java.util.concurrent.atomic", "java.util.regex", "java.math", "java.time", "java.time.chrono",
      "java.time.format", "java.time.temporal", "java.time.zone", "java.text", "java.io");
  /** Single JDK classes outside those packages: lambdas travel as SerializedLambda; URI is a value. */
  private static final Set<String> JDK_VALUE_CLASSES = Set.of("java.lang.invoke.SerializedLambda", "java.net.URI");

  private final ClassLoader application;

  /** {@code application} defines the user's classes (the user jar's loader; the system loader in client mode). */
  AdmittedClasses(ClassLoader application) {
    this.application = requireNonNull(application);
  }

  /** Empty when {@code type} may be deserialized, else why not (naming the class). */
  Optional<String> refusal(Class<?> type) {
    Class<?> element = type;
    while (element.isArray()) {
      element = element.getComponentType();
    }
    if (element.isPrimitive()) {
      return Optional.empty();
    }
    String name = element.getName();
    for (String gadget : GADGET_PACKAGES) {
      if (name.startsWith(gadget + ".")) {
        return Optional.of("class " + name + " is in package " + gadget
            + ", which known deserialization gadget chains use");
      }
    }
    if (Proxy.isProxyClass(element)) {
      return Optional.of("class " + name + " is a dynamic proxy; Weft payloads never contain one");
    }
    if (name.startsWith("io.weft.") || definedByApplication(element)) {
      return Optional.empty();
    }
    if (isJdk(element)) {
      return JDK_VALUE_PACKAGES.contains(element.getPackageName()) || JDK_VALUE_CLASSES.contains(name)
          ? Optional.empty()
          : Optional.of("class " + name + " of the JDK is not a value or collection class (admitted: packages "
              + String.join(", ", new java.util.TreeSet<>(JDK_VALUE_PACKAGES)) + ")");
    }
    return Optional.of("class " + name + " is neither the application's (" + String.valueOf(application.getName())
        + " class loader) nor Weft's nor a JDK value class");
  }

  private boolean definedByApplication(Class<?> type) {
    if (isJdk(type)) {
      return false;
    }
    ClassLoader app = application instanceof DelegatingClassLoader delegating ? delegating.target() : application;
    for (ClassLoader l = type.getClassLoader(); l != null; l = l.getParent()) {
      if (l == app) {
        return true;
      }
    }
    return false;
  }

  private static boolean isJdk(Class<?> type) {
    ClassLoader loader = type.getClassLoader();
    return loader == null || loader == ClassLoader.getPlatformClassLoader();
  }
}
