import Dispatch
import Testing

@testable import PHIGuardCore

@Suite("Metrics registry")
struct MetricsRegistryTests {
    @Test("counters render with HELP, TYPE and sorted labels")
    func countersRender() {
        let registry = MetricsRegistry()
        let labels = ["route": "/a/{id}", "method": "GET", "status": "200"]
        registry.counter("phiguard_http_requests_total", help: "Requests answered.", labels: labels).increment()
        registry.counter("phiguard_http_requests_total", help: "Requests answered.", labels: labels).increment(by: 2)
        let text = registry.render()
        #expect(
            text == """
                # HELP phiguard_http_requests_total Requests answered.
                # TYPE phiguard_http_requests_total counter
                phiguard_http_requests_total{method="GET",route="/a/{id}",status="200"} 3

                """)
    }

    @Test("the same name and labels give the same instance")
    func lookupsAreCached() {
        let registry = MetricsRegistry()
        let first = registry.counter("x_total", help: "x", labels: ["a": "1"])
        let second = registry.counter("x_total", help: "x", labels: ["a": "1"])
        let other = registry.counter("x_total", help: "x", labels: ["a": "2"])
        #expect(first === second)
        #expect(first !== other)
    }

    @Test("histograms render cumulative buckets, +Inf, sum and count")
    func histogramsRender() {
        let registry = MetricsRegistry()
        let histogram = registry.histogram("latency_seconds", help: "Latency.", buckets: [0.1, 1], labels: ["r": "x"])
        histogram.observe(0.05)
        histogram.observe(0.5)
        histogram.observe(3)
        let text = registry.render()
        #expect(text.contains("# TYPE latency_seconds histogram\n"))
        #expect(text.contains("latency_seconds_bucket{r=\"x\",le=\"0.1\"} 1\n"))
        #expect(text.contains("latency_seconds_bucket{r=\"x\",le=\"1\"} 2\n"))
        #expect(text.contains("latency_seconds_bucket{r=\"x\",le=\"+Inf\"} 3\n"))
        #expect(text.contains("latency_seconds_sum{r=\"x\"} 3.55\n"))
        #expect(text.contains("latency_seconds_count{r=\"x\"} 3\n"))
    }

    @Test("label values and help text are escaped")
    func escaping() {
        let registry = MetricsRegistry()
        registry.gauge("g", help: "line\\one\ntwo", labels: ["v": "a\"b\\c\nd"]).set(1.5)
        let text = registry.render()
        #expect(text.contains("# HELP g line\\\\one\\ntwo\n"))
        #expect(text.contains("g{v=\"a\\\"b\\\\c\\nd\"} 1.5\n"))
    }

    @Test("gauges go up and down")
    func gauges() {
        let registry = MetricsRegistry()
        let gauge = registry.gauge("in_flight", help: "In flight.")
        gauge.increment()
        gauge.increment()
        gauge.decrement()
        #expect(gauge.value == 1)
        #expect(registry.render().contains("\nin_flight 1\n"))
    }

    @Test("concurrent increments are not lost")
    func concurrentIncrements() async {
        let registry = MetricsRegistry()
        await withTaskGroup(of: Void.self) { group in
            for _ in 0..<8 {
                group.addTask {
                    for _ in 0..<1000 {
                        registry.counter("c_total", help: "c", labels: ["k": "v"]).increment()
                        registry.histogram("h", help: "h", labels: ["k": "v"]).observe(0.01)
                    }
                }
            }
        }
        #expect(registry.counter("c_total", help: "c", labels: ["k": "v"]).value == 8000)
        #expect(registry.histogram("h", help: "h", labels: ["k": "v"]).snapshot.count == 8000)
    }

    @Test("a histogram observed from 8 threads at once loses no count and no part of its sum")
    func histogramUnderContention() {
        let histogram = MetricsRegistry().histogram("h", help: "h", buckets: [0.1, 1])
        DispatchQueue.concurrentPerform(iterations: 8) { thread in
            // Quarters add up exactly in binary floating point, so any lost update shows in the sum.
            for _ in 0..<5_000 { histogram.observe(thread.isMultiple(of: 2) ? 0.25 : 2.5) }
        }
        let reading = histogram.snapshot
        #expect(reading.bucketCounts == [0, 20_000, 20_000])
        #expect(reading.count == 40_000)
        #expect(reading.sum == 20_000 * 0.25 + 20_000 * 2.5)
    }

    @Test(
        "sample values are formatted as Prometheus reads them",
        arguments: [
            (1.0, "1"), (0.005, "0.005"), (Double.infinity, "+Inf"), (-Double.infinity, "-Inf"), (Double.nan, "NaN"),
        ])
    func valueFormatting(value: Double, expected: String) {
        #expect(MetricsRegistry.formatValue(value) == expected)
    }
}
