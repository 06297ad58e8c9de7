// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <QMainWindow>

#include <functional>
#include <memory>

class QAction;
class QActionGroup;
class QIcon;
class QMenu;

namespace Ui {
class MainWindow;
}

namespace td {

class TokenInspectorPage;

// The application window: a navigation list on the left and one page per tool on the right.
class MainWindow : public QMainWindow
{
    Q_OBJECT
public:
    // Shows the About text; a test replaces it so no modal box blocks the run.
    using AboutPresenter = std::function<void(QWidget *parent, const QString &title, const QString &text)>;

    explicit MainWindow(QWidget *parent = nullptr);
    ~MainWindow() override;

    // Adds a page to the navigation; the window takes ownership. Returns the page's index.
    int addPage(const QIcon &icon, const QString &title, QWidget *page);
    void showPage(int index);
    int pageCount() const;
    int pageIndexOf(QWidget *page) const; // -1 when it is not a page
    QWidget *currentPage() const;
    // Shrinks the window into `available` (a screen's free area): the form's 1280 × 820 suits a
    // roomy screen, and every page is laid out to fit 1024 × 700.
    void fitInto(const QSize &available);

    TokenInspectorPage *tokenInspectorPage() const { return m_inspector; }

    // The menus' page actions, disabled until the owner of the pages (Workbench) wires them and
    // enables them for the page that can answer (see pageChanged).
    QAction *sendAction() const;
    QAction *cancelAction() const;
    QAction *copyCurlAction() const;
    QAction *lockVaultAction() const;
    // Ctrl+F: focuses the current page's line edit named "filterEdit" (the convention every
    // page with a list follows); disabled on pages without one.
    QAction *findAction() const;
    // Ctrl+K: the command palette (Workbench fills and answers it).
    QAction *goToAction() const;
    QMenu *viewMenu() const;
    // File and Edit, for entries other parts add (the evidence imports and the bundle export).
    QMenu *fileMenu() const;
    QMenu *editMenu() const;

    void setAboutPresenter(AboutPresenter presenter);
    // The About text (name, version, purpose), also what the About box shows.
    static QString aboutText();

Q_SIGNALS:
    // The page shown changed; the status bar's message of the page left is already cleared.
    void pageChanged(QWidget *page);

protected:
    void changeEvent(QEvent *event) override;

private:
    void tintNavigation();
    void showAbout();
    void onPageChanged(int index);
    void focusFilter();

    std::unique_ptr<Ui::MainWindow> m_ui;
    TokenInspectorPage *m_inspector = nullptr;
    AboutPresenter m_presentAbout;
    QActionGroup *m_pageActions = nullptr; // the View menu's entries, one per page
    bool m_tinting = false;
};

} // namespace td
