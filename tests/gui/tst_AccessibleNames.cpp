// SPDX-License-Identifier: GPL-3.0-or-later
// Every input has a name a screen reader can say: the window as main() builds it is walked, page
// by page (each endpoint's form too), and an interactive widget without a name fails the test.
//
// What counts as a name (decided here, the rule for new pages):
//  - an accessibleName set on the widget, or
//  - a QLabel whose buddy() is the widget (Qt's accessibility reads the label's text), or
//  - for a button, its visible text (what Qt reads for it); an icon-only button needs accessibleName.
// A combo box's current text is NOT a name: it says the value, not what the value is for.
// Parts of another input (a spin box's line edit, a line edit's clear button, a table's header or
// corner button) are named by the input they belong to and are skipped.
#include "ScratchWorkbench.h"
#include "gui/MainWindow.h"
#include "gui/Workbench.h"
#include "gui/api/ApiPage.h"
#include "gui/evidence/CurlImportDialog.h"
#include "gui/evidence/EvidenceActions.h"
#include "gui/evidence/HarImportDialog.h"
#include "gui/evidence/SupportBundleDialog.h"

#include "core/api/EndpointCatalog.h"

#include <QAbstractButton>
#include <QAbstractItemView>
#include <QAbstractSpinBox>
#include <QCheckBox>
#include <QComboBox>
#include <QHeaderView>
#include <QLabel>
#include <QLineEdit>
#include <QPlainTextEdit>
#include <QSet>
#include <QSpinBox>
#include <QStackedWidget>
#include <QTemporaryDir>
#include <QTest>
#include <QTextEdit>

using namespace td;

namespace {

bool isInteractive(const QWidget *widget)
{
    return qobject_cast<const QAbstractButton *>(widget) || qobject_cast<const QLineEdit *>(widget)
        || qobject_cast<const QPlainTextEdit *>(widget) || qobject_cast<const QTextEdit *>(widget)
        || qobject_cast<const QComboBox *>(widget) || qobject_cast<const QAbstractSpinBox *>(widget)
        || (qobject_cast<const QAbstractItemView *>(widget) && !qobject_cast<const QHeaderView *>(widget));
}

// A part of another input: named by that input.
bool isPartOfAnInput(const QWidget *widget)
{
    for (const QWidget *up = widget->parentWidget(); up; up = up->parentWidget()) {
        if (isInteractive(up))
            return true;
    }
    return false;
}

QString nameOf(const QWidget *widget, const QSet<const QWidget *> &buddies)
{
    if (!widget->accessibleName().trimmed().isEmpty())
        return widget->accessibleName();
    if (buddies.contains(widget))
        return QStringLiteral("(buddy label)");
    if (const auto *button = qobject_cast<const QAbstractButton *>(widget))
        return button->text().remove(QLatin1Char('&')).trimmed();
    return {};
}

// "page/objectName (Class)" for every interactive widget under `root` without a name, except
// those under `except`.
QStringList unnamedUnder(const QWidget *root, const QWidget *except = nullptr)
{
    QSet<const QWidget *> buddies;
    for (const QLabel *label : root->findChildren<QLabel *>()) {
        if (label->buddy() && !label->text().trimmed().isEmpty())
            buddies.insert(label->buddy());
    }
    QStringList unnamed;
    for (const QWidget *widget : root->findChildren<QWidget *>()) {
        if (!isInteractive(widget) || isPartOfAnInput(widget) || widget->objectName().startsWith(QLatin1String("qt_"))
            || (except && except->isAncestorOf(widget)))
            continue; // qt_…: Qt's own parts (the menu bar's overflow button)
        if (nameOf(widget, buddies).isEmpty())
            unnamed.append(QStringLiteral("%1/%2 (%3)")
                               .arg(root->objectName(), widget->objectName(), QString::fromLatin1(widget->metaObject()->className())));
    }
    return unnamed;
}

} // namespace

class tst_AccessibleNames : public QObject
{
    Q_OBJECT

private:
    QTemporaryDir m_dir;

    Workbench::Options options() const
    {
        return test::scratchOptions(m_dir.path(), true);
    }

private Q_SLOTS:
    void everyInputOnEveryPageHasAName()
    {
        MainWindow window;
        Workbench workbench(window, options());
        window.show();
        auto *stack = window.findChild<QStackedWidget *>(QStringLiteral("pageStack"));
        QStringList unnamed = unnamedUnder(&window, stack); // the frame: navigation, menus
        QCOMPARE(stack->count(), 7);
        for (int i = 0; i < stack->count(); ++i)
            unnamed += unnamedUnder(stack->widget(i)); // named by their page
        // The APIs page builds one form at a time: every endpoint's.
        for (const EndpointSpec &spec : EndpointCatalog::builtIn().endpoints()) {
            QVERIFY(workbench.apiPage()->openEndpoint(spec.id));
            unnamed += unnamedUnder(workbench.apiPage());
        }
        unnamed.removeDuplicates();
        QVERIFY2(unnamed.isEmpty(), qPrintable(QStringLiteral("\n") + unnamed.join(QLatin1Char('\n'))));
    }

    // The evidence dialogs (File → Import curl…, Import HAR…, Export support bundle…), filled.
    void everyInputOfTheEvidenceDialogsHasAName()
    {
        MainWindow window;
        Workbench workbench(window, options());
        auto *actions = workbench.findChild<EvidenceActions *>();
        QVERIFY(actions);
        QStringList unnamed = unnamedUnder(actions->importCurl(QStringLiteral("curl -X PUT http://h/api/v2/auth/token -d '{}'")));
        unnamed += unnamedUnder(actions->importHar(QStringLiteral(TOKENDESK_TEST_DATA_DIR "/har/sandbox-session.har")));
        unnamed += unnamedUnder(actions->exportBundle());
        QVERIFY2(unnamed.isEmpty(), qPrintable(QStringLiteral("\n") + unnamed.join(QLatin1Char('\n'))));
    }

    // The walker itself: an unnamed input is found, a buddy or a name clears it.
    void theWalkerFindsWhatIsUnnamed()
    {
        QWidget root;
        root.setObjectName(QStringLiteral("root"));
        auto *edit = new QLineEdit(&root);
        edit->setObjectName(QStringLiteral("edit"));
        auto *icon = new QCheckBox(&root);
        icon->setObjectName(QStringLiteral("check"));
        auto *spin = new QSpinBox(&root); // its inner line edit is not reported twice
        spin->setObjectName(QStringLiteral("spin"));
        QCOMPARE(unnamedUnder(&root).size(), 3);
        auto *label = new QLabel(QStringLiteral("&Name"), &root);
        label->setBuddy(edit);
        icon->setText(QStringLiteral("Remember"));
        spin->setAccessibleName(QStringLiteral("Minutes"));
        QCOMPARE(unnamedUnder(&root), QStringList());
    }
};

QTEST_MAIN(tst_AccessibleNames)
#include "tst_AccessibleNames.moc"
