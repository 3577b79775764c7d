package io.ringstore.node.bench;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class TimelineCsvTest {
  @Test
  void nodeStateInstantsAreMarkedTooAndSeveralInOneIntervalJoin() {
    List<TimelinePoint> points =
        List.of(
            new TimelinePoint(100, 10, 100, 500, 900, 0),
            new TimelinePoint(200, 10, 100, 500, 900, 0),
            new TimelinePoint(300, 10, 100, 500, 900, 0));
    String csv = TimelineCsv.render(new FailoverReport("t", 50, 210, points, Map.of(), 180, 250));

    assertThat(csv.lines().map(l -> l.substring(l.lastIndexOf(',') + 1)).toList())
        .containsExactly("mark", "fault", "detected", "heal+up");
  }

  @Test
  void oneRowPerIntervalWithTheFaultAndHealMarkedInTheirIntervals() {
    List<TimelinePoint> points =
        List.of(
            new TimelinePoint(100, 10, 100, 500, 900, 0),
            new TimelinePoint(200, 3, 30, 700, 90_000, 2),
            new TimelinePoint(300, 10, 100, 500, 900, 0));
    String csv =
        TimelineCsv.render(new FailoverReport("t", 150, 300, points, Map.of("stall_ms", "100")));

    assertThat(csv.lines().toList())
        .containsExactly(
            TimelineCsv.HEADER,
            "0.1,10,100,500,900,0,",
            "0.2,3,30,700,90000,2,fault",
            "0.3,10,100,500,900,0,heal");
  }
}
