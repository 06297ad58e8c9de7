// SPDX-License-Identifier: GPL-3.0-or-later
#include "MainWindow.h"

#include "GuiResources.h"
#include "inspector/TokenInspectorPage.h"

#include "core/BuildInfo.h"

#include "ui_MainWindow.h"

#include <QAction>
#include <QActionGroup>
#include <QApplication>
#include <QIcon>
#include <QLineEdit>
#include <QListWidgetItem>
#include <QMessageBox>
#include <QStackedWidget>
#include <QStatusBar>

namespace td {

MainWindow::MainWindow(QWidget *parent) : QMainWindow(parent), m_ui(std::make_unique<Ui::MainWindow>())
{
    ensureGuiResources();
    m_ui->setupUi(this);
    setWindowIcon(QIcon(QStringLiteral(":/icons/tokendesk.svg")));

    m_presentAbout = [](QWidget *aboutParent, const QString &title, const QString &text) {
        QMessageBox::about(aboutParent, title, text);
    };

    connect(m_ui->navigationList, &QListWidget::currentRowChanged, this, &MainWindow::showPage);
    tintNavigation();
    connect(m_ui->actionQuit, &QAction::triggered, this, &QWidget::close);
    connect(m_ui->actionAbout, &QAction::triggered, this, &MainWindow::showAbout);
    connect(m_ui->actionFind, &QAction::triggered, this, &MainWindow::focusFilter);
    connect(m_ui->pageStack, &QStackedWidget::currentChanged, this, &MainWindow::onPageChanged);
    // Ctrl+Enter is the keypad's Enter; most keyboards send Return: both send.
    m_ui->actionSend->setShortcuts({QKeySequence(Qt::CTRL | Qt::Key_Enter), QKeySequence(Qt::CTRL | Qt::Key_Return)});
    for (QAction *pageAction : {m_ui->actionSend, m_ui->actionCancel, m_ui->actionCopyCurl, m_ui->actionLockVault})
        pageAction->setEnabled(false);
    m_pageActions = new QActionGroup(this);
    m_pageActions->setExclusive(true);

    // Only pages that work are listed; later issues add theirs with addPage().
    m_inspector = new TokenInspectorPage(this);
    connect(m_inspector, &TokenInspectorPage::statusMessage, this,
            [this](const QString &message) { statusBar()->showMessage(message, 8000); });
    addPage(QIcon(QStringLiteral(":/icons/inspector.svg")), tr("Token inspector"), m_inspector);
    showPage(0);
    statusBar()->showMessage(tr("Ready"), 3000);
}

MainWindow::~MainWindow() = default;

int MainWindow::addPage(const QIcon &icon, const QString &title, QWidget *page)
{
    const int index = m_ui->pageStack->addWidget(page);
    auto *item = new QListWidgetItem(icon, title, m_ui->navigationList);
    item->setSizeHint(QSize(0, 36));
    item->setToolTip(title);
    // View menu: Ctrl+1 … Ctrl+9 in the navigation's order.
    QAction *show = m_ui->menuView->addAction(icon, title);
    show->setObjectName(QStringLiteral("actionShowPage%1").arg(index + 1));
    show->setCheckable(true);
    show->setChecked(index == m_ui->pageStack->currentIndex());
    if (index < 9)
        show->setShortcut(QKeySequence(Qt::CTRL | Qt::Key(Qt::Key_1 + index)));
    m_pageActions->addAction(show);
    connect(show, &QAction::triggered, this, [this, index] { showPage(index); });
    return index;
}

void MainWindow::showPage(int index)
{
    if (index < 0 || index >= m_ui->pageStack->count())
        return;
    m_ui->pageStack->setCurrentIndex(index);
    if (m_ui->navigationList->currentRow() != index)
        m_ui->navigationList->setCurrentRow(index);
}

int MainWindow::pageCount() const
{
    return m_ui->pageStack->count();
}

int MainWindow::pageIndexOf(QWidget *page) const
{
    return m_ui->pageStack->indexOf(page);
}

QWidget *MainWindow::currentPage() const
{
    return m_ui->pageStack->currentWidget();
}

QAction *MainWindow::sendAction() const
{
    return m_ui->actionSend;
}

QAction *MainWindow::cancelAction() const
{
    return m_ui->actionCancel;
}

QAction *MainWindow::copyCurlAction() const
{
    return m_ui->actionCopyCurl;
}

QAction *MainWindow::lockVaultAction() const
{
    return m_ui->actionLockVault;
}

QAction *MainWindow::findAction() const
{
    return m_ui->actionFind;
}

void MainWindow::tintNavigation()
{
    // Our icons are drawn in blues that vanished on the strong blue selection: the navigation
    // marks its current page with a light tint of the highlight and keeps the text colour.
    // Worked out from the application's palette, so a theme change gives a new tint.
    QPalette navigation = QApplication::palette(m_ui->navigationList);
    const QColor base = navigation.color(QPalette::Base);
    const QColor highlight = navigation.color(QPalette::Highlight);
    const QColor tint = QColor::fromRgbF(base.redF() * 0.7 + highlight.redF() * 0.3, base.greenF() * 0.7 + highlight.greenF() * 0.3,
                                         base.blueF() * 0.7 + highlight.blueF() * 0.3);
    for (const QPalette::ColorGroup group : {QPalette::Active, QPalette::Inactive}) {
        navigation.setColor(group, QPalette::Highlight, tint);
        navigation.setColor(group, QPalette::HighlightedText, navigation.color(group, QPalette::Text));
    }
    m_ui->navigationList->setPalette(navigation);
}

void MainWindow::changeEvent(QEvent *event)
{
    QMainWindow::changeEvent(event);
    if (event->type() == QEvent::ApplicationPaletteChange || event->type() == QEvent::PaletteChange) {
        if (!m_tinting) {
            m_tinting = true;
            tintNavigation();
            m_tinting = false;
        }
    }
}

QMenu *MainWindow::viewMenu() const
{
    return m_ui->menuView;
}

QMenu *MainWindow::fileMenu() const
{
    return m_ui->menuFile;
}

QMenu *MainWindow::editMenu() const
{
    return m_ui->menuEdit;
}

QAction *MainWindow::goToAction() const
{
    return m_ui->actionGoTo;
}

void MainWindow::onPageChanged(int index)
{
    // A message belongs to the page that said it: it goes with the page.
    statusBar()->clearMessage();
    const QList<QAction *> shows = m_pageActions->actions();
    if (index >= 0 && index < shows.size())
        shows.at(index)->setChecked(true);
    QWidget *page = currentPage();
    m_ui->actionFind->setEnabled(page && page->findChild<QLineEdit *>(QStringLiteral("filterEdit")));
    Q_EMIT pageChanged(page);
}

void MainWindow::focusFilter()
{
    QWidget *page = currentPage();
    auto *filter = page ? page->findChild<QLineEdit *>(QStringLiteral("filterEdit")) : nullptr;
    // The key manager's list (and its filter) shows once the vault is open.
    if (!filter || !filter->isVisibleTo(page) || !filter->isEnabled())
        return;
    filter->setFocus(Qt::ShortcutFocusReason);
    filter->selectAll();
}

void MainWindow::setAboutPresenter(AboutPresenter presenter)
{
    m_presentAbout = std::move(presenter);
}

QString MainWindow::aboutText()
{
    return tr("<h3>TokenDesk %1</h3>"
              "<p>A workbench for support engineers who work with token APIs: issue, renew and refresh "
              "test tokens against BankEzy, EnOS APIM and security management (or the built-in sandbox), "
              "and inspect, decrypt and verify JWE and JWS tokens.</p>"
              "<p>Qt %2<br>%3</p>"
              "<p>Licensed under the GNU General Public License, version 3 or later.</p>")
        .arg(BuildInfo::version().toHtmlEscaped(), BuildInfo::qtVersion().toHtmlEscaped(),
             BuildInfo::openSslVersion().toHtmlEscaped());
}

void MainWindow::showAbout()
{
    if (m_presentAbout)
        m_presentAbout(this, tr("About TokenDesk"), aboutText());
}

void MainWindow::fitInto(const QSize &available)
{
    resize(size().boundedTo(available));
}

} // namespace td
