// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <QByteArrayList>
#include <QDateTime>
#include <QString>

namespace td {

class CliIo;
struct InspectionReport;

// `tokendesk-cli inspect`: explains any token the way the GUI inspector page does, from the same
// InspectionReport, as text for people or as one line of JSON for programs.
class InspectCommand
{
public:
    explicit InspectCommand(CliIo &io) : m_io(io) {}

    // `args` are the words after "inspect"; returns the process exit code.
    int run(const QByteArrayList &args);
    static QString help();
    // The human-readable rendering of a report.
    static QString render(const InspectionReport &report, const QDateTime &now);

private:
    CliIo &m_io;
};

} // namespace td
