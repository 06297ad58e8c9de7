// SPDX-License-Identifier: GPL-3.0-or-later
#include "MainWindow.h"

#include "GuiResources.h"
#include "inspector/TokenInspectorPage.h"

#include "ui_MainWindow.h"

#include <QApplication>
#include <QIcon>
#include <QListWidgetItem>
#include <QMessageBox>
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
    // Our icons are drawn in blues that vanished on the strong blue selection: the navigation
    // marks its current page with a light tint of the highlight and keeps the text colour.
    QPalette navigation = m_ui->navigationList->palette();
    const QColor base = navigation.color(QPalette::Base);
    const QColor highlight = navigation.color(QPalette::Highlight);
    const QColor tint = QColor::fromRgbF(base.redF() * 0.7 + highlight.redF() * 0.3, base.greenF() * 0.7 + highlight.greenF() * 0.3,
                                         base.blueF() * 0.7 + highlight.blueF() * 0.3);
    for (const QPalette::ColorGroup group : {QPalette::Active, QPalette::Inactive}) {
        navigation.setColor(group, QPalette::Highlight, tint);
        navigation.setColor(group, QPalette::HighlightedText, navigation.color(group, QPalette::Text));
    }
    m_ui->navigationList->setPalette(navigation);
    connect(m_ui->actionQuit, &QAction::triggered, this, &QWidget::close);
    connect(m_ui->actionAbout, &QAction::triggered, this, &MainWindow::showAbout);

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
              "<p>Licensed under the GNU General Public License, version 3 or later.</p>")
        .arg(QApplication::applicationVersion().toHtmlEscaped());
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
