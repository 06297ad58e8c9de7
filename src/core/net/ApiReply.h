// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "core/net/HttpResponse.h"

#include <QObject>

namespace td {

// One request in flight. finished() fires exactly once, with the response or the transport error.
class ApiReply : public QObject
{
    Q_OBJECT
public:
    using QObject::QObject;

    bool isFinished() const { return m_finished; }
    const HttpResponse &response() const { return m_response; }

    // Cancels the request; finished() follows with a Cancelled transport error.
    virtual void abort() = 0;

Q_SIGNALS:
    void finished(const td::HttpResponse &response);

protected:
    void finish(HttpResponse response); // sets the state and emits finished() once

private:
    HttpResponse m_response;
    bool m_finished = false;
};

} // namespace td
