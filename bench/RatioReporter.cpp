// SPDX-License-Identifier: GPL-3.0-or-later
#include "RatioReporter.h"

#include <algorithm>

#include <unistd.h>

namespace td::bench {

RatioReporter::RatioReporter()
    : ConsoleReporter(isatty(STDOUT_FILENO) ? OO_ColorTabular : OO_Tabular)
{
}

void RatioReporter::ReportRuns(const std::vector<Run> &reports)
{
    for (const Run &run : reports) {
        Measurement &m = m_measurements[run.run_name.function_name];
        if (run.error_occurred) {
            m.error = run.error_message;
        } else if (run.run_type == Run::RT_Aggregate) {
            if (run.aggregate_name == "median" && run.iterations > 0) {
                m.medianSeconds = run.real_accumulated_time / static_cast<double>(run.iterations);
                m.medianCpuSeconds = run.cpu_accumulated_time / static_cast<double>(run.iterations);
            }
        } else if (run.iterations > 0) {
            m.iterationSeconds.push_back(run.real_accumulated_time / static_cast<double>(run.iterations));
            m.iterationCpuSeconds.push_back(run.cpu_accumulated_time / static_cast<double>(run.iterations));
        }
    }
    ConsoleReporter::ReportRuns(reports);
}

namespace {

double medianOf(std::vector<double> times)
{
    if (times.empty())
        return -1;
    std::sort(times.begin(), times.end());
    const std::size_t mid = times.size() / 2;
    return times.size() % 2 == 1 ? times[mid] : (times[mid - 1] + times[mid]) / 2;
}

} // namespace

double RatioReporter::secondsPerIteration(const std::string &name) const
{
    const auto it = m_measurements.find(name);
    if (it == m_measurements.end() || !it->second.error.empty())
        return -1;
    return it->second.medianSeconds >= 0 ? it->second.medianSeconds : medianOf(it->second.iterationSeconds);
}

double RatioReporter::cpuSecondsPerIteration(const std::string &name) const
{
    const auto it = m_measurements.find(name);
    if (it == m_measurements.end() || !it->second.error.empty())
        return -1;
    return it->second.medianCpuSeconds >= 0 ? it->second.medianCpuSeconds : medianOf(it->second.iterationCpuSeconds);
}

std::string RatioReporter::errorOf(const std::string &name) const
{
    const auto it = m_measurements.find(name);
    return it == m_measurements.end() ? std::string() : it->second.error;
}

} // namespace td::bench
