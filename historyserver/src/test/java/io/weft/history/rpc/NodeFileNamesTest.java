package io.weft.history.rpc;

import static org.assertj.core.api.Assertions.assertThat;

import io.weft.common.logstore.AggregatedLogs;
import io.weft.common.id.NodeId;
import io.weft.common.tls.CertificateNames;
import java.net.InetSocketAddress;
import java.util.List;
import org.junit.jupiter.api.Test;

class NodeFileNamesTest {
  private static final CertificateNames NM1 = new CertificateNames("nm1",
      List.of("nm1", "nm1.example.com", "10.1.2.3", "localhost", "127.0.0.1"));
  private static final InetSocketAddress REMOTE = new InetSocketAddress("10.1.2.3", 40000);
  private static final InetSocketAddress LOCAL = new InetSocketAddress("127.0.0.1", 40000);

  @Test
  void aNodeWritesTheFileOfAHostItsCertificateNames_andTheEventLog() {
    assertThat(NodeFileNames.refusal(AggregatedLogs.fileName(NodeId.parse("nm1.example.com:8041")), NM1, REMOTE))
        .isEmpty();
    assertThat(NodeFileNames.refusal("NM1.Example.com_8041", NM1, REMOTE)).as("host names ignore case").isEmpty();
    assertThat(NodeFileNames.refusal("10.1.2.3_8041", NM1, REMOTE)).isEmpty();
    assertThat(NodeFileNames.refusal("eventlog.jsonl.gz", NM1, REMOTE)).isEmpty();
  }

  @Test
  void anotherNodesFile_orAnyOtherName_isRefusedNamingTheCertificate() {
    assertThat(NodeFileNames.refusal("nm2.example.com_8041", NM1, REMOTE)).hasValueSatisfying(why ->
        assertThat(why).contains("'nm2.example.com_8041' is not one of CN=nm1 (names: nm1, nm1.example.com"));
    assertThat(NodeFileNames.refusal("nm1.example.com_8041.bak", NM1, REMOTE)).isPresent();
    assertThat(NodeFileNames.refusal("nm1.example.com_", NM1, REMOTE)).isPresent();
    assertThat(NodeFileNames.refusal("notes.txt", NM1, REMOTE)).isPresent();
  }

  @Test
  void aLoopbackNodesFile_isWrittenOnlyFromThisHost() {
    assertThat(NodeFileNames.refusal("127.0.0.1_45454", NM1, LOCAL)).isEmpty();
    assertThat(NodeFileNames.refusal("127.0.0.1_45454", NM1, REMOTE)).hasValueSatisfying(why ->
        assertThat(why).contains("loopback name", "10.1.2.3"));
    assertThat(NodeFileNames.refusal("localhost_45454", NM1, REMOTE)).isPresent();
  }
}
