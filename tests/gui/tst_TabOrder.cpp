// SPDX-License-Identifier: GPL-3.0-or-later
// Tab follows reading order on every page, as main() builds them: for each page, the widgets Tab
// reaches (visible, enabled, taking Tab focus) come in reading order: a pane of a side-by-side
// splitter before the pane to its right; otherwise top to bottom, left to right within a row.
#include "ScratchWorkbench.h"
#include "gui/MainWindow.h"
#include "gui/Workbench.h"
#include "gui/api/ApiPage.h"
#include "gui/environments/EnvironmentsPage.h"
#include "gui/history/HistoryPage.h"
#include "gui/inspector/TokenInspectorPage.h"
#include "gui/keys/KeyManagerPage.h"
#include "gui/sandbox/SandboxPage.h"
#include "gui/sessions/SessionsPage.h"

#include "core/vault/Vault.h"
#include "core/vault/VaultHandle.h"
#include "core/workspace/Workspace.h"

#include <QApplication>
#include <QLineEdit>
#include <QVBoxLayout>
#include <QTemporaryDir>
#include <QTest>

using namespace td;

namespace {

QRect rectIn(const QWidget *w, const QWidget *page)
{
    return QRect(w->mapTo(page, QPoint()), w->size());
}

// One row when they overlap vertically by more than a few pixels (a label's baseline shift).
bool sameRow(const QRect &a, const QRect &b)
{
    return std::min(a.bottom(), b.bottom()) - std::max(a.top(), b.top()) > 4;
}

// The child of `ancestor` on the way down to `w` (w itself when it is a child).
const QWidget *childTowards(const QWidget *ancestor, const QWidget *w)
{
    while (w && w->parentWidget() != ancestor)
        w = w->parentWidget();
    return w;
}

// True when `a` is read before `b` on `page`. The two children of their closest common ancestor
// that hold them decide: side by side (splitter panes, group boxes in a row, cells of a form row)
// the left one is read first, one above the other the upper one, whole (so the content of a
// scroll area comes before what is under it, wherever it is scrolled to).
bool readBefore(const QWidget *a, const QWidget *b, const QWidget *page)
{
    const QWidget *common = a->parentWidget();
    while (common && !common->isAncestorOf(b))
        common = common->parentWidget();
    const QWidget *blockA = childTowards(common, a);
    const QWidget *blockB = childTowards(common, b);
    // One holds the other (a scroll area and its content): the holder comes first.
    if (!blockA || !blockB || blockA == blockB)
        return a->isAncestorOf(b);
    const QRect ra = rectIn(blockA, page);
    const QRect rb = rectIn(blockB, page);
    const bool apartHorizontally = ra.right() < rb.left() || rb.right() < ra.left();
    if (sameRow(ra, rb) && apartHorizontally)
        return ra.left() < rb.left();
    if (ra.bottom() < rb.top() || rb.bottom() < ra.top())
        return ra.top() < rb.top();
    return false; // overlapping blocks: no order to ask for
}

QString describe(const QWidget *w, const QWidget *page)
{
    const QPoint at = w->mapTo(page, QPoint());
    return QStringLiteral("%1(%2) at %3,%4 %5x%6")
        .arg(w->objectName(), QString::fromLatin1(w->metaObject()->className()))
        .arg(at.x())
        .arg(at.y())
        .arg(w->width())
        .arg(w->height());
}

} // namespace

class tst_TabOrder : public QObject
{
    Q_OBJECT

private:
    QTemporaryDir m_dir;

    Workbench::Options options() const
    {
        return test::scratchOptions(m_dir.path(), true);
    }

    // The page's widgets in Tab order, starting from its first.
    static QList<QWidget *> chain(QWidget *page)
    {
        QList<QWidget *> widgets;
        QWidget *start = page->nextInFocusChain();
        QWidget *w = start;
        for (int guard = 0; guard < 2000; ++guard, w = w->nextInFocusChain()) {
            if ((w->focusPolicy() & Qt::TabFocus) && w->isVisibleTo(page) && page->isAncestorOf(w)
                && !w->focusProxy() && !widgets.contains(w))
                widgets.append(w);
            if (w->nextInFocusChain() == start)
                break;
        }
        return widgets;
    }

    // Every pair Tab reaches against reading order, in words.
    static QStringList outOfOrder(QWidget *page)
    {
        const QList<QWidget *> widgets = chain(page);
        QStringList wrong;
        for (int i = 0; i < widgets.size(); ++i) {
            for (int j = i + 1; j < widgets.size(); ++j) {
                if (readBefore(widgets.at(j), widgets.at(i), page))
                    wrong.append(QStringLiteral("%1 is reached before %2").arg(describe(widgets.at(i), page), describe(widgets.at(j), page)));
            }
        }
        return wrong;
    }

    static void verifyReadingOrder(QWidget *page)
    {
        QVERIFY2(chain(page).size() >= 2, qPrintable(page->objectName()));
        const QStringList wrong = outOfOrder(page);
        QVERIFY2(wrong.isEmpty(), qPrintable(page->objectName() + QLatin1String(": ") + wrong.join(QLatin1String("\n  "))));
    }

    enum class Page { Inspector, Api, Sessions, KeysFirstRun, KeysOpen, History, Environments, Sandbox };

    static QWidget *pageOf(Page which, MainWindow &window, Workbench &workbench)
    {
        switch (which) {
        case Page::Inspector:
            return window.tokenInspectorPage();
        case Page::Api:
            return workbench.apiPage();
        case Page::Sessions:
            return workbench.sessionsPage();
        case Page::KeysFirstRun:
        case Page::KeysOpen:
            return workbench.keyManagerPage();
        case Page::History:
            return workbench.historyPage();
        case Page::Environments:
            return workbench.environmentsPage();
        case Page::Sandbox:
            return workbench.sandboxPage();
        }
        return nullptr;
    }

private Q_SLOTS:
    // The check itself: three fields, one under the other, Tab going from the last to the middle.
    void aReversedPairIsCaught()
    {
        QWidget page;
        auto *layout = new QVBoxLayout(&page);
        QList<QLineEdit *> edits;
        for (const QString &name : {QStringLiteral("top"), QStringLiteral("middle"), QStringLiteral("bottom")}) {
            edits.append(new QLineEdit(&page));
            edits.last()->setObjectName(name);
            layout->addWidget(edits.last());
        }
        page.show();
        QVERIFY(QTest::qWaitForWindowExposed(&page));
        QVERIFY(outOfOrder(&page).isEmpty());
        QWidget::setTabOrder(edits.at(0), edits.at(2));
        QWidget::setTabOrder(edits.at(2), edits.at(1));
        const QStringList wrong = outOfOrder(&page);
        QCOMPARE(wrong.size(), 1);
        QVERIFY2(wrong.first().startsWith(QLatin1String("bottom")), qPrintable(wrong.first()));
    }

    void readingOrder_data()
    {
        QTest::addColumn<int>("page");
        QTest::addColumn<QSize>("size");
        const std::pair<const char *, Page> pages[] = {
            {"Token inspector", Page::Inspector}, {"APIs", Page::Api}, {"Sessions", Page::Sessions},
            {"Keys, no vault yet", Page::KeysFirstRun}, {"Keys, vault open", Page::KeysOpen}, {"History", Page::History},
            {"Environments", Page::Environments}, {"Sandbox", Page::Sandbox}};
        for (const QSize size : {QSize(1024, 640), QSize(1920, 1080)}) {
            for (const auto &[name, which] : pages)
                QTest::addRow("%s %dx%d", name, size.width(), size.height()) << int(which) << size;
        }
    }

    void readingOrder()
    {
        QFETCH(int, page);
        QFETCH(QSize, size);
        QFile::remove(m_dir.filePath(QStringLiteral("vault.tdvault")));
        MainWindow window;
        Workbench workbench(window, options());
        window.resize(size);
        if (Page(page) == Page::KeysOpen) {
            workbench.keyManagerPage()->setScryptParams({10, 8, 1});
            QVERIFY(workbench.keyManagerPage()->createVault(SecureBytes(QByteArrayView("correct horse"))));
            QVERIFY(workbench.workspace().vault().get()->add(VaultEntry::credential(
                VaultEntry::Kind::ApiCredential, QStringLiteral("partner"), QStringLiteral("alice"), SecureBytes(QByteArrayView("x")))));
            QVERIFY(workbench.keyManagerPage()->selectEntry(QStringLiteral("partner")));
        }
        QWidget *shown = pageOf(Page(page), window, workbench);
        window.showPage(window.pageIndexOf(shown));
        window.show();
        QVERIFY(QTest::qWaitForWindowExposed(&window));
        verifyReadingOrder(shown);
    }
};

QTEST_MAIN(tst_TabOrder)
#include "tst_TabOrder.moc"
