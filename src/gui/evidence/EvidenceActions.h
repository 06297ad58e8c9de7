// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <QObject>
#include <QString>

class QAction;

namespace td {

class CurlImportDialog;
class HarImportDialog;
class SupportBundleDialog;
struct CurlImport;
class MainWindow;
class Workbench;

// The evidence menu entries of the window and what they open: File → Import curl…, Edit → Paste
// curl command, Ctrl+V of a curl command on the APIs page (outside a text field), File → Import
// HAR… and File → Export support bundle…. The dialogs open window-modal without blocking, so a
// test drives them as a person does; their results go to the pages and the status bar.
class EvidenceActions : public QObject
{
    Q_OBJECT
public:
    EvidenceActions(Workbench &workbench, MainWindow &window, QObject *parent = nullptr);

    QAction *importCurlAction() const { return m_importCurl; }
    QAction *pasteCurlAction() const { return m_pasteCurl; }
    QAction *importHarAction() const { return m_importHar; }
    QAction *exportBundleAction() const { return m_exportBundle; }

    // Opens the curl dialog, read from `text` when it is not empty.
    CurlImportDialog *importCurl(const QString &text = QString());
    // Ctrl+V on the APIs page: the dialog when the clipboard holds a curl command, else nothing.
    bool pasteOnApiPage();
    // Opens the HAR dialog (non-modal: a viewer beside the pages), read from `path` when given.
    HarImportDialog *importHar(const QString &path = QString());
    // The curl dialog over a request read elsewhere (a HAR entry), with the same choices.
    // The bundle dialog: the History page's selected exchange checked, else the newest few.
    SupportBundleDialog *exportBundle();
    CurlImportDialog *fillFrom(const CurlImport &import, const QString &source);

private:
    CurlImportDialog *newCurlDialog();
    void applyCurl(CurlImportDialog *dialog);
    void showStatus(const QString &message);

    Workbench &m_workbench;
    MainWindow &m_window;
    QAction *m_importCurl = nullptr;
    QAction *m_pasteCurl = nullptr;
    QAction *m_importHar = nullptr;
    QAction *m_exportBundle = nullptr;
};

} // namespace td
