// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "core/inspect/TokenInspector.h"
#include "core/jose/KeyCandidates.h"

#include <QByteArray>
#include <QDateTime>
#include <QFutureWatcher>
#include <QList>
#include <QWidget>

#include <functional>
#include <memory>

class QTimer;

namespace Ui {
class TokenInspectorPage;
}

namespace td {

class ClaimTableModel;
class SegmentTableModel;

// The token inspector: paste any token to see its structure, header and claims at once; paste
// or load keys and decrypt (JWE) or verify (JWS); read what worked and what failed, and why.
// The page renders TokenInspector's report and holds no token logic of its own.
class TokenInspectorPage : public QWidget
{
    Q_OBJECT
public:
    // Returns the chosen path, or an empty string when the person cancelled.
    using KeyFileChooser = std::function<QString(QWidget *parent)>;
    using Clock = std::function<QDateTime()>;

    explicit TokenInspectorPage(QWidget *parent = nullptr);
    ~TokenInspectorPage() override;

    // Seams for tests: pre-answer the file dialog, pin the clock.
    void setKeyFileChooser(KeyFileChooser chooser);
    void setClock(Clock clock);

    // Keys from elsewhere (the vault), tried after the pasted and loaded ones; the label says
    // where each comes from ("vault: partner-x"), so the report names the one that worked.
    void setStoredKeys(const QList<NamedKey> &keys);
    // Puts a token in the page, as if pasted (the Sessions page's "Open in inspector").
    void setToken(const QString &token);

    // The keys the next Decrypt / Verify will try: pasted, then loaded from a file, then stored.
    QList<NamedKey> keys() const;

signals:
    void statusMessage(const QString &message);

protected:
    void changeEvent(QEvent *event) override;

private:
    void scheduleInspection();
    void inspectStructure();
    void runKeyOperation();
    void keyOperationFinished();
    void updateKeys();
    void loadKeyFile();
    void clearKeys();
    void copyPayload();
    void tick();

    void showReport(const InspectionReport &report);
    void showKind(InspectionReport::Kind kind);
    void showSummary(const InspectionReport &report);
    void showPayload(const InspectionReport &report);
    void showDiagnostics(const InspectionReport &report);
    void updateActionButton();
    void showKeyStatus();

    QByteArray tokenText() const;

    std::unique_ptr<Ui::TokenInspectorPage> m_ui;
    SegmentTableModel *m_segmentModel = nullptr;
    ClaimTableModel *m_claimModel = nullptr;
    QTimer *m_debounce = nullptr;
    QTimer *m_keyDebounce = nullptr;
    QTimer *m_clockTimer = nullptr;
    QFutureWatcher<InspectionReport> m_watcher;

    KeyFileChooser m_chooseKeyFile;
    Clock m_clock;

    QList<NamedKey> m_pastedKeys;
    QList<QString> m_pastedKeyErrors;
    QList<NamedKey> m_fileKeys;
    QList<NamedKey> m_storedKeys;
    QString m_fileName;
    QString m_fileError;

    bool m_busy = false;
    quint64 m_generation = 0;        // bumps on every token edit; stale results are dropped
    quint64 m_runningGeneration = 0;
    InspectionReport m_report;       // the report on screen, re-rendered when the palette changes
};

} // namespace td
