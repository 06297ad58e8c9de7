// SPDX-License-Identifier: GPL-3.0-or-later
#include "SpecsCommand.h"

#include "cli/CliIo.h"
#include "core/api/SpecLibrary.h"

#include <QFileInfo>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>

namespace td {

namespace {

const QString kUsage = QStringLiteral("tokendesk-cli specs list [--json] | show ID | validate FILE... [--specs DIR...]");

QString sourceOf(const SpecLibrary::Origin &origin)
{
    return origin.builtIn ? QStringLiteral("built-in") : origin.file;
}

// The contract of `specs list --json`: these fields for each spec.
QJsonObject listJson(const EndpointSpec &spec, const SpecLibrary::Origin &origin)
{
    return QJsonObject{{QStringLiteral("id"), spec.id},
                       {QStringLiteral("family"), spec.family},
                       {QStringLiteral("role"), EndpointSpec::roleName(spec.role)},
                       {QStringLiteral("title"), spec.title},
                       {QStringLiteral("source"), sourceOf(origin)},
                       {QStringLiteral("builtin"), origin.builtIn},
                       {QStringLiteral("overrides"), origin.overrides()}};
}

} // namespace

QString SpecsCommand::help()
{
    return QStringLiteral(
        "Usage:\n"
        "  tokendesk-cli specs list [--json] [--specs DIR...]\n"
        "  tokendesk-cli specs show ID [--specs DIR...]\n"
        "  tokendesk-cli specs validate FILE...\n"
        "\n"
        "The endpoint specs that call and flow use: the built-in ones, then the JSON files of\n"
        "<config>/apis, of each folder in TOKENDESK_SPECS_PATH (colon-separated) and of each\n"
        "--specs DIR, in that order. A spec with the id of one loaded before replaces it. A file\n"
        "that does not load is named on standard error with the problem; the others still load.\n"
        "\n"
        "  list      one line per spec: id, family, role, title, source (\"built-in\" or the file),\n"
        "            and \"overrides\" when it replaced a spec. --json: an array of objects with\n"
        "            id, family, role, title, source, builtin, overrides\n"
        "  show      the spec's JSON, as its file holds it\n"
        "  validate  checks each file; prints \"FILE: ok (ID)\" or \"FILE: JSON-PATH: problem\"; a\n"
        "            family file (\"flow\" or \"displayName\", no \"fields\") gives\n"
        "            \"FILE: ok (family ID)\". The files are checked together with the built-in\n"
        "            specs, as one folder loads: a \"compute\" identifier that is neither a field\n"
        "            of its request nor provided by a step of its family (in the built-in specs\n"
        "            or another FILE) is refused (FILE: $.fields[N].compute: ...)\n"
        "\n"
        "Options:\n"
        "  --specs DIR     also read the spec files of DIR (repeatable)\n"
        "  --json          machine-readable output (list)\n"
        "\n"
        "Exit status: 0 success; 1 unknown spec, or a file that does not validate; 2 wrong usage.\n");
}

int SpecsCommand::run(const QByteArrayList &rawArgs)
{
    int exitCode = CliExitSuccess;
    const QList<CliOption> options{{QStringLiteral("json"), false, false}, {QStringLiteral("specs"), true, true}};
    const std::optional<CliArgs> args = m_io.parseCommand(rawArgs, options, 1000, kUsage, help(), exitCode);
    if (!args)
        return exitCode;
    if (args->positionals().isEmpty())
        return m_io.usage(QStringLiteral("specs needs a subcommand: list, show or validate"), kUsage);
    const QByteArray sub = args->positionals().constFirst();
    const qsizetype operands = args->positionals().size() - 1;
    if (sub == "validate") {
        if (operands == 0)
            return m_io.usage(QStringLiteral("specs validate needs at least one FILE"), kUsage);
        return validate(*args);
    }
    if (sub != "list" && sub != "show")
        return m_io.usage(QStringLiteral("unknown specs subcommand '%1'").arg(QString::fromLocal8Bit(sub)), kUsage);
    if (sub == "list" ? operands != 0 : operands != 1)
        return m_io.usage(sub == "list" ? QStringLiteral("specs list takes no operand") : QStringLiteral("specs show takes one ID"),
                          kUsage);
    const std::unique_ptr<SpecLibrary> library = load(*args, m_io);
    if (!library)
        return CliExitFailure;
    return sub == "list" ? list(*args, *library) : show(*args, *library);
}

std::unique_ptr<SpecLibrary> SpecsCommand::load(const CliArgs &args, CliIo &io)
{
    const QStringList options = args.paths(QStringLiteral("specs"));
    for (const QString &folder : options) {
        if (!QFileInfo(folder).isDir()) {
            io.fail(makeError(ErrorCode::Io, QStringLiteral("--specs %1: not a folder").arg(folder)));
            return nullptr;
        }
    }
    auto library = std::make_unique<SpecLibrary>(SpecLibrary::userFolders(options));
    for (const QString &problem : library->problems())
        io.writeErrLine(QStringLiteral("tokendesk-cli: refused: %1").arg(problem));
    return library;
}

int SpecsCommand::list(const CliArgs &args, const SpecLibrary &library)
{
    const QList<EndpointSpec> &specs = library.catalog().endpoints();
    if (args.has(QStringLiteral("json"))) {
        QJsonArray array;
        for (const EndpointSpec &spec : specs)
            array.append(listJson(spec, library.origin(spec.id)));
        m_io.writeOut(QJsonDocument(array).toJson(QJsonDocument::Indented));
        return CliExitSuccess;
    }
    for (const EndpointSpec &spec : specs) {
        const SpecLibrary::Origin origin = library.origin(spec.id);
        m_io.writeOutLine(QStringLiteral("%1  %2  %3  %4  %5%6")
                              .arg(spec.id, spec.family, EndpointSpec::roleName(spec.role), spec.title, sourceOf(origin),
                                   origin.overrides() ? QStringLiteral("  overrides %1").arg(origin.replacedFile) : QString()));
    }
    return CliExitSuccess;
}

int SpecsCommand::show(const CliArgs &args, const SpecLibrary &library)
{
    const QString id = QString::fromUtf8(args.positionals().at(1));
    const SpecLibrary::Origin origin = library.origin(id);
    if (!library.catalog().find(id) || origin.file.isEmpty())
        return m_io.fail(makeError(ErrorCode::NotFound, QStringLiteral("No endpoint spec \"%1\" (tokendesk-cli specs list names them)").arg(id)));
    Result<QByteArray> text = m_io.readFile(origin.file);
    if (!text)
        return m_io.fail(text.error());
    m_io.writeData(text.value());
    return CliExitSuccess;
}

// A family file, read by the loader FamilyRegistry uses: "FILE: ok (family ID)" or its problem.
bool SpecsCommand::validateFamily(const QString &file)
{
    const Result<FamilySpec> family = FamilyRegistry::loadFile(file);
    if (!family) {
        m_io.writeErrLine(family.error().message);
        return false;
    }
    m_io.writeOutLine(QStringLiteral("%1: ok (family %2)").arg(file, family->id));
    return true;
}

int SpecsCommand::validate(const CliArgs &args)
{
    if (args.has(QStringLiteral("json")) || args.has(QStringLiteral("specs")))
        return m_io.usage(QStringLiteral("specs validate takes files only"), kUsage);
    int exitCode = CliExitSuccess;
    QStringList files;
    for (const QByteArray &raw : args.positionals().mid(1))
        files.append(QFile::decodeName(raw));
    // Checked together, as a folder of them loads: a step of one file may provide another's input.
    const QStringList problems = SpecLibrary::validateTogether(files);
    for (int i = 0; i < files.size(); ++i) {
        const QString &file = files.at(i);
        if (SpecLibrary::isFamilyFile(file)) {
            if (!validateFamily(file))
                exitCode = CliExitFailure;
            continue;
        }
        const QString &problem = problems.at(i);
        if (problem.isEmpty()) {
            m_io.writeOutLine(QStringLiteral("%1: ok (%2)").arg(file, EndpointCatalog().loadFile(file).value().id));
        } else {
            m_io.writeErrLine(problem);
            exitCode = CliExitFailure;
        }
    }
    return exitCode;
}

} // namespace td
