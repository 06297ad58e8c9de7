// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <benchmark/benchmark.h>

#include <map>
#include <string>
#include <vector>

namespace td::bench {

// The console reporter, which also keeps each benchmark's real time per iteration so that the
// TokenDesk/primitive ratios can be printed once every benchmark has run.
class RatioReporter : public benchmark::ConsoleReporter
{
public:
    struct Measurement {
        std::vector<double> iterationSeconds; // real time, one per repetition
        std::vector<double> iterationCpuSeconds;
        double medianSeconds = -1;            // from the "median" aggregate when repetitions > 1
        double medianCpuSeconds = -1;
        std::string error;
    };

    // Colour only on a terminal, so a redirected run gives a clean log.
    RatioReporter();

    void ReportRuns(const std::vector<Run> &reports) override;

    // Seconds per iteration: the median aggregate when there is one, else the median of the
    // repetitions; negative when the benchmark did not run or failed.
    double secondsPerIteration(const std::string &name) const;
    // The same for CPU time, which a machine shared with other jobs disturbs less.
    double cpuSecondsPerIteration(const std::string &name) const;
    std::string errorOf(const std::string &name) const;

private:
    std::map<std::string, Measurement> m_measurements;
};

} // namespace td::bench
