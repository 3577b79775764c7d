package io.ringstore.node;

import io.ringstore.core.time.SystemClock;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.Date;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x509.BasicConstraints;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.asn1.x509.GeneralName;
import org.bouncycastle.asn1.x509.GeneralNames;
import org.bouncycastle.cert.X509v3CertificateBuilder;
import org.bouncycastle.cert.jcajce.JcaX509CertificateConverter;
import org.bouncycastle.cert.jcajce.JcaX509v3CertificateBuilder;
import org.bouncycastle.operator.OperatorCreationException;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;

/**
 * Certificate authorities and certificates a test makes for itself (BouncyCastle builds them),
 * written as PEM files: {@code NAME.crt} and a PKCS#8 {@code NAME.key}. Certificates name the
 * loopback addresses 127.0.0.1 to 127.0.0.3 and localhost.
 */
final class TestCertificates {
  private static final Duration VALIDITY = Duration.ofDays(2);

  private final Path directory;
  private final String name;
  private final KeyPair keys;
  private final X509Certificate certificate;

  private TestCertificates(Path directory, String name, KeyPair keys, X509Certificate certificate) {
    this.directory = directory;
    this.name = name;
    this.keys = keys;
    this.certificate = certificate;
  }

  /** A new self-signed authority called {@code name}, its files in {@code directory}. */
  static TestCertificates authority(Path directory, String name) {
    KeyPair keys = newKeys();
    X500Name subject = new X500Name("CN=" + name);
    X509Certificate certificate = sign(builder(subject, subject, keys, true), keys);
    return new TestCertificates(directory, name, keys, certificate).written();
  }

  /** A certificate called {@code name} signed by this authority, for nodes and clients alike. */
  TestCertificates issue(String leafName) {
    KeyPair leafKeys = newKeys();
    X509v3CertificateBuilder builder =
        builder(new X500Name("CN=" + name), new X500Name("CN=" + leafName), leafKeys, false);
    try {
      builder.addExtension(
          Extension.subjectAlternativeName,
          false,
          new GeneralNames(
              new GeneralName[] {
                new GeneralName(GeneralName.iPAddress, "127.0.0.1"),
                new GeneralName(GeneralName.iPAddress, "127.0.0.2"),
                new GeneralName(GeneralName.iPAddress, "127.0.0.3"),
                new GeneralName(GeneralName.dNSName, "localhost")
              }));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return new TestCertificates(directory, leafName, leafKeys, sign(builder, keys)).written();
  }

  Path certificateFile() {
    return directory.resolve(name + ".crt");
  }

  Path keyFile() {
    return directory.resolve(name + ".key");
  }

  private TestCertificates written() {
    try {
      Files.createDirectories(directory);
      Files.writeString(certificateFile(), pem("CERTIFICATE", certificate.getEncoded()));
      Files.writeString(keyFile(), pem("PRIVATE KEY", keys.getPrivate().getEncoded()));
      return this;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException(e);
    }
  }

  private static String pem(String type, byte[] der) {
    String body =
        Base64.getMimeEncoder(64, "\n".getBytes(StandardCharsets.US_ASCII)).encodeToString(der);
    return "-----BEGIN " + type + "-----\n" + body + "\n-----END " + type + "-----\n";
  }

  private static KeyPair newKeys() {
    try {
      KeyPairGenerator generator = KeyPairGenerator.getInstance("EC");
      generator.initialize(256);
      return generator.generateKeyPair();
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException(e);
    }
  }

  private static X509v3CertificateBuilder builder(
      X500Name issuer, X500Name subject, KeyPair subjectKeys, boolean authority) {
    Instant now =
        Instant.ofEpochMilli(new SystemClock().wallMillis()); // certificates need wall time
    X509v3CertificateBuilder builder =
        new JcaX509v3CertificateBuilder(
            issuer,
            BigInteger.valueOf(now.toEpochMilli())
                .add(BigInteger.valueOf(subject.hashCode() & 0xffff)),
            Date.from(now.minus(Duration.ofHours(1))),
            Date.from(now.plus(VALIDITY)),
            subject,
            subjectKeys.getPublic());
    try {
      builder.addExtension(Extension.basicConstraints, true, new BasicConstraints(authority));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return builder;
  }

  private static X509Certificate sign(X509v3CertificateBuilder builder, KeyPair issuerKeys) {
    try {
      return new JcaX509CertificateConverter()
          .getCertificate(
              builder.build(
                  new JcaContentSignerBuilder("SHA256withECDSA").build(issuerKeys.getPrivate())));
    } catch (OperatorCreationException | GeneralSecurityException e) {
      throw new IllegalStateException(e);
    }
  }
}
