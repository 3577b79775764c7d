package io.ringstore.node.bench;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import javax.xml.parsers.DocumentBuilderFactory;
import org.junit.jupiter.api.Test;
import org.w3c.dom.Document;
import org.w3c.dom.Element;
import org.w3c.dom.NodeList;

/**
 * The HTML report is well-formed (it is written as XHTML-compatible markup, so an XML parser reads
 * it), self-contained, and draws every series over every interval with the fault and heal marked.
 */
class HtmlReportTest {
  private static final int POINTS = 50;

  private static FailoverReport report(String title) {
    List<TimelinePoint> points = new ArrayList<>();
    for (int i = 1; i <= POINTS; i++) {
      long ops = i >= 20 && i < 30 ? 0 : 100;
      points.add(new TimelinePoint(i * 100L, ops, ops * 10, ops == 0 ? 0 : 800, 2_000 + i, i % 7));
    }
    Map<String, String> figures = new LinkedHashMap<>();
    figures.put("stall_ms", "1000");
    figures.put("lost_acked", "0");
    return new FailoverReport(title, 2_000, 3_000, points, figures);
  }

  private static Document parse(String html) throws Exception {
    DocumentBuilderFactory factory = DocumentBuilderFactory.newInstance();
    factory.setFeature("http://apache.org/xml/features/nonvalidating/load-external-dtd", false);
    return factory
        .newDocumentBuilder()
        .parse(new ByteArrayInputStream(html.getBytes(StandardCharsets.UTF_8)));
  }

  private static Element series(Document page, String name) {
    NodeList paths = page.getElementsByTagName("path");
    for (int i = 0; i < paths.getLength(); i++) {
      Element path = (Element) paths.item(i);
      if (path.getAttribute("data-series").equals(name)) {
        return path;
      }
    }
    throw new AssertionError("no series " + name);
  }

  @Test
  void wellFormedWithThreeChartsAndTheFiguresTable() throws Exception {
    Document page = parse(HtmlReport.render(report("kill node-3")));

    assertThat(page.getElementsByTagName("svg").getLength()).isEqualTo(3);
    assertThat(page.getElementsByTagName("title").item(0).getTextContent())
        .isEqualTo("kill node-3");
    assertThat(page.getElementsByTagName("td").item(0).getTextContent()).isEqualTo("stall_ms");
    assertThat(page.getElementsByTagName("td").item(1).getTextContent()).isEqualTo("1000");
  }

  @Test
  void everySeriesHasAPointPerIntervalExceptUntimedLatencies() throws Exception {
    Document page = parse(HtmlReport.render(report("r")));

    assertThat(series(page, "ops/s").getAttribute("d").split(" ")).hasSize(POINTS);
    assertThat(series(page, "errors").getAttribute("d").split(" ")).hasSize(POINTS);
    assertThat(series(page, "p99").getAttribute("d").split(" ")).hasSize(POINTS);
    String p50 = series(page, "p50").getAttribute("d");
    assertThat(p50.split(" ")).as("no p50 where nothing completed").hasSize(POINTS - 10);
    assertThat(p50.chars().filter(c -> c == 'M').count()).as("a gap, not a line to 0").isEqualTo(2);
  }

  @Test
  void theFaultAndHealAreMarkedOnEveryChart() throws Exception {
    String html = HtmlReport.render(report("r"));

    assertThat(html.split("class=\"mark-fault\"", -1)).hasSize(4);
    assertThat(html.split("class=\"mark-heal\"", -1)).hasSize(4);
  }

  @Test
  void nodeStateInstantsAreMarkedOnlyWhenKnown() {
    FailoverReport known =
        new FailoverReport("r", 2_000, 3_000, report("r").points(), Map.of(), 2_500, 3_900);
    String html = HtmlReport.render(known);

    assertThat(html.split("class=\"mark-detected\"", -1)).hasSize(4);
    assertThat(html.split("class=\"mark-up\"", -1)).hasSize(4);
    assertThat(HtmlReport.render(report("r"))).doesNotContain("mark-detected", "mark-up");
  }

  @Test
  void selfContainedNoScriptNoExternalResource() {
    String html = HtmlReport.render(report("r"));

    assertThat(html)
        .doesNotContain("<script")
        .doesNotContain("<link")
        .doesNotContain("src=")
        .doesNotContain("href=")
        .doesNotContain("url(");
    assertThat(html.replace("xmlns=\"http://www.w3.org/2000/svg\"", "")).doesNotContain("http");
  }

  @Test
  void theTitleIsEscaped() throws Exception {
    Document page = parse(HtmlReport.render(report("a <b> & \"c\"")));

    assertThat(page.getElementsByTagName("h1").item(0).getTextContent()).isEqualTo("a <b> & \"c\"");
  }

  @Test
  void niceCeilingsAndSecondTicks() {
    assertThat(HtmlReport.niceCeiling(1)).isEqualTo(1);
    assertThat(HtmlReport.niceCeiling(3)).isEqualTo(5);
    assertThat(HtmlReport.niceCeiling(4_321)).isEqualTo(5_000);
    assertThat(HtmlReport.niceCeiling(5_001)).isEqualTo(10_000);
    assertThat(HtmlReport.secondTicksMillis(28_000)).hasSize(15).startsWith(0, 2_000);
    assertThat(HtmlReport.secondTicksMillis(30_100)).hasSize(7).startsWith(0, 5_000);
    assertThat(HtmlReport.secondTicksMillis(4_000)).containsExactly(0, 1_000, 2_000, 3_000, 4_000);
  }
}
