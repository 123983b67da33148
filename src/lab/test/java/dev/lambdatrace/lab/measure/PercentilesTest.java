package dev.lambdatrace.lab.measure;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

import org.junit.jupiter.api.Test;

class PercentilesTest {

    @Test
    void nearestRankOfOneToHundred() {
        // given 1..100 shuffled
        List<Integer> sample = new ArrayList<>();
        for (int i = 1; i <= 100; i++) {
            sample.add(i);
        }
        Collections.shuffle(sample);

        // when
        Percentiles percentiles = Percentiles.of(sample);

        // then
        assertEquals(100, percentiles.count());
        assertEquals(50, percentiles.p50());
        assertEquals(90, percentiles.p90());
        assertEquals(99, percentiles.p99());
        assertEquals(100, percentiles.max());
        assertEquals(50.5, percentiles.mean());
    }

    @Test
    void smallSampleTakesTheRankAboveTheFraction() {
        Percentiles percentiles = Percentiles.of(List.of(3.0, 1.0, 2.0));

        assertEquals(2.0, percentiles.p50());
        assertEquals(3.0, percentiles.p90());
        assertEquals(3.0, percentiles.p99());
    }

    @Test
    void singleValueIsEveryPercentile() {
        Percentiles percentiles = Percentiles.of(List.of(7.5));

        assertEquals(7.5, percentiles.p50());
        assertEquals(7.5, percentiles.p99());
    }

    @Test
    void emptySampleGivesNotANumber() {
        Percentiles percentiles = Percentiles.of(List.of());

        assertEquals(0, percentiles.count());
        assertTrue(Double.isNaN(percentiles.p50()));
    }
}
