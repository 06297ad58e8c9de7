// SPDX-License-Identifier: GPL-3.0-or-later
#include "EvidenceActions.h"

#include "CurlImportApplier.h"
#include "CurlImportDialog.h"
#include "HarImportDialog.h"
#include "SupportBundleDialog.h"

#include "gui/MainWindow.h"
#include "gui/Workbench.h"
#include "gui/api/ApiPage.h"
#include "gui/history/HistoryPage.h"
#include "gui/inspector/TokenInspectorPage.h"

#include "core/api/EndpointCatalog.h"
#include "core/net/EnvironmentStore.h"
#include "core/net/HistoryEntry.h"
#include "core/vault/Vault.h"
#include "core/vault/VaultHandle.h"
#include "core/workspace/Workspace.h"

#include <QAction>
#include <QApplication>
#include <QClipboard>
#include <QMenu>
#include <QShortcut>
#include <QStatusBar>

namespace td {

namespace {

// What people paste from documents and browsers: "curl …", sometimes after a shell prompt.
bool looksLikeCurl(const QString &text)
{
    const QString trimmed = text.trimmed();
    return trimmed.startsWith(QLatin1String("curl ")) || trimmed.startsWith(QLatin1String("curl\t"))
        || trimmed.startsWith(QLatin1String("curl\n")) || trimmed.startsWith(QLatin1String("curl\r"))
        || trimmed.startsWith(QLatin1String("curl ^"));
}

} // namespace

EvidenceActions::EvidenceActions(Workbench &workbench, MainWindow &window, QObject *parent)
    : QObject(parent), m_workbench(workbench), m_window(window)
{
    QMenu *file = m_window.fileMenu();
    QAction *first = file->actions().value(0);
    m_importCurl = new QAction(tr("Import c&url…"), this);
    m_importCurl->setObjectName(QStringLiteral("actionImportCurl"));
    file->insertAction(first, m_importCurl);
    connect(m_importCurl, &QAction::triggered, this, [this] { importCurl(); });
    m_importHar = new QAction(tr("Import &HAR…"), this);
    m_importHar->setObjectName(QStringLiteral("actionImportHar"));
    file->insertAction(first, m_importHar);
    connect(m_importHar, &QAction::triggered, this, [this] { importHar(); });
    m_exportBundle = new QAction(tr("&Export support bundle…"), this);
    m_exportBundle->setObjectName(QStringLiteral("actionExportBundle"));
    file->insertAction(first, m_exportBundle);
    connect(m_exportBundle, &QAction::triggered, this, [this] { exportBundle(); });
    file->insertSeparator(first);

    m_pasteCurl = new QAction(tr("&Paste curl command"), this);
    m_pasteCurl->setObjectName(QStringLiteral("actionPasteCurl"));
    m_window.editMenu()->addAction(m_pasteCurl);
    connect(m_pasteCurl, &QAction::triggered, this,
            [this] { importCurl(QApplication::clipboard()->text()); });

    // Ctrl+V on the APIs page: a field being edited takes its own paste first (it overrides the
    // shortcut), so this only answers where a paste had nowhere to go.
    auto *paste = new QShortcut(QKeySequence::Paste, m_workbench.apiPage(), nullptr, nullptr, Qt::WidgetWithChildrenShortcut);
    paste->setObjectName(QStringLiteral("pasteCurlShortcut"));
    connect(paste, &QShortcut::activated, this, &EvidenceActions::pasteOnApiPage);
}

bool EvidenceActions::pasteOnApiPage()
{
    const QString text = QApplication::clipboard()->text();
    if (!looksLikeCurl(text))
        return false;
    importCurl(text);
    return true;
}

CurlImportDialog *EvidenceActions::newCurlDialog()
{
    ApiPage *page = m_workbench.apiPage();
    Vault *vault = m_workbench.workspace().vault().get();
    auto *dialog = new CurlImportDialog(m_workbench.workspace().catalog(), m_workbench.environments().environments(),
                                        page->currentEnvironment().name, vault && !vault->isLocked(), &m_window);
    dialog->setAttribute(Qt::WA_DeleteOnClose);
    connect(dialog, &QDialog::accepted, this, [this, dialog] { applyCurl(dialog); });
    return dialog;
}

CurlImportDialog *EvidenceActions::importCurl(const QString &text)
{
    CurlImportDialog *dialog = newCurlDialog();
    if (!text.isEmpty())
        dialog->setCommandText(text);
    dialog->open();
    return dialog;
}

CurlImportDialog *EvidenceActions::fillFrom(const CurlImport &import, const QString &source)
{
    CurlImportDialog *dialog = newCurlDialog();
    dialog->setImport(import, source);
    dialog->open();
    return dialog;
}

HarImportDialog *EvidenceActions::importHar(const QString &path)
{
    auto *dialog = new HarImportDialog(m_workbench.workspace().catalog(), m_window.tokenInspectorPage()->keys(), &m_window);
    dialog->setAttribute(Qt::WA_DeleteOnClose);
    connect(dialog, &HarImportDialog::openInApiPage, this, &EvidenceActions::fillFrom);
    connect(dialog, &HarImportDialog::openInInspector, this, [this](const QString &token) {
        m_window.tokenInspectorPage()->setToken(token);
        m_window.showPage(m_window.pageIndexOf(m_window.tokenInspectorPage()));
    });
    if (!path.isEmpty())
        dialog->loadFile(path);
    dialog->show();
    return dialog;
}

SupportBundleDialog *EvidenceActions::exportBundle()
{
    const HistoryEntry *selected = m_workbench.historyPage()->currentEntry();
    auto *dialog = new SupportBundleDialog(m_workbench.history(), m_workbench.environments(), m_workbench.sessions(),
                                           m_workbench.workspace().vault().get(), selected ? selected->id : QString(), &m_window);
    dialog->setAttribute(Qt::WA_DeleteOnClose);
    connect(dialog, &SupportBundleDialog::exported, this, &EvidenceActions::showStatus);
    dialog->open();
    return dialog;
}

void EvidenceActions::applyCurl(CurlImportDialog *dialog)
{
    if (!dialog->import())
        return;
    CurlImportApplier applier(*m_workbench.apiPage(), m_workbench.environments(), m_workbench.workspace().vault().get());
    Result<QString> applied = applier.apply(*dialog->import(), dialog->choice());
    m_window.showPage(m_workbench.apiPageIndex());
    showStatus(applied ? applied.value() : applied.error().message);
}

void EvidenceActions::showStatus(const QString &message)
{
    m_window.statusBar()->showMessage(message, 20000);
}

} // namespace td
