// `sigap eval` and `sigap train`: the text classifier from the command line.
#include "cli/classifier_command.h"

#include <CLI/CLI.hpp>
#include <algorithm>
#include <chrono>
#include <cstdio>
#include <filesystem>
#include <iomanip>
#include <iostream>
#include <nlohmann/json.hpp>
#include <sstream>

#include "app/system_clock.h"
#include "app/text_training.h"
#include "cli/config.h"
#include "cli/csv_reader.h"
#include "cli/demo_data.h"
#include "cli/runtime.h"
#include "domain/time.h"
#include "routing/text/evaluation.h"
#include "store/database.h"

namespace sigap::cli {
namespace {

namespace text = routing::text;

// Reads FILE: the label column and the report (subject and text).
Result<LabelledReports> ReadExamples(const ClassifierFlags& flags) {
  return ReadLabelledReports(flags.file, flags.label, !flags.no_subject);
}

// Builds the training options from the flags; a message for a bad flag.
Result<text::TrainOptions> Options(const ClassifierFlags& flags) {
  text::TrainOptions o;
  const auto bad = [](const std::string& m) { return Fail(ErrorCode::kInvalidArgument, m); };
  if (flags.kind != "linear" && flags.kind != "fasttext") {
    return bad("--kind must be linear or fasttext");
  }
  o.kind = flags.kind;
  auto steps = text::NormalizerSteps::Parse(flags.steps);
  if (!steps) return bad("--steps: " + steps.error().message);
  o.steps = *steps;
  if (!(flags.c > 0)) return bad("--c must be positive");
  o.linear.c = flags.c;
  if (flags.char_ngrams == "0") {
    o.linear.char_min_n = 0;
    o.linear.char_max_n = 0;
  } else if (std::sscanf(flags.char_ngrams.c_str(), "%d-%d", &o.linear.char_min_n,
                         &o.linear.char_max_n) != 2 ||
             o.linear.char_min_n < 1 || o.linear.char_max_n < o.linear.char_min_n ||
             o.linear.char_max_n > 8) {
    return bad("--char-ngrams must be MIN-MAX within 1..8 (e.g. 2-5), or 0");
  }
  if (flags.word_ngrams < 1 || flags.word_ngrams > 2) return bad("--word-ngrams must be 1 or 2");
  o.linear.word_max_n = flags.word_ngrams;
  o.fasttext.word_ngrams = flags.word_ngrams;
  o.linear.sublinear_tf = !flags.no_sublinear;
  if (flags.char_tf != "text" && flags.char_tf != "word")
    return bad("--char-tf must be text or word");
  if (flags.char_tf == "word" && flags.no_sublinear) {
    return bad("--char-tf word needs the sublinear TF (leave out --no-sublinear)");
  }
  o.linear.char_tf_per_word = flags.char_tf == "word";
  o.linear.balanced = flags.balanced;
  o.linear.logistic = flags.logistic;
  if (!(flags.nb_beta >= 0 && flags.nb_beta <= 1)) return bad("--nb-beta must be within [0, 1]");
  if (!(flags.nb_alpha > 0)) return bad("--nb-alpha must be positive");
  o.linear.nb_scaling = !flags.no_nb;
  o.linear.nb_beta = flags.nb_beta;
  o.linear.nb_alpha = flags.nb_alpha;
  if (!(flags.logistic_mix >= 0 && flags.logistic_mix <= 1)) {
    return bad("--logistic-mix must be within [0, 1]");
  }
  o.linear.logistic_mix = flags.logistic_mix;
  o.linear.crammer_singer = flags.crammer_singer;
  if (flags.max_negatives < 0) return bad("--max-negatives must be 0 (all) or more");
  o.linear.max_negatives = flags.max_negatives;
  o.linear.char_weight = flags.char_weight;
  auto scaling = text::ParseScalingKind(flags.scaling);
  if (!scaling) return bad("--scaling: " + scaling.error().message);
  o.scaling.kind = *scaling;
  o.scaling.off_diagonal = flags.odir_lambda;
  o.scaling.intercept = flags.odir_mu;
  if (flags.threads < 0) return bad("--threads must be 0 (every core) or more");
  o.linear.threads = flags.threads;
  if (flags.min_per_class < 1) return bad("--min-per-class must be 1 or more");
  o.min_examples = flags.min_per_class;
  if (!(flags.target_precision > 0 && flags.target_precision <= 1)) {
    return bad("--target-precision must be within (0, 1]");
  }
  o.target_precision = flags.target_precision;
  if (!(flags.min_confidence >= 0 && flags.min_confidence < 1)) {
    return bad("--min-confidence must be within [0, 1)");
  }
  o.min_confidence = flags.min_confidence;
  o.seed = flags.seed;
  return o;
}

Result<text::AbbreviationMap> Abbreviations(const ClassifierFlags& flags) {
  const std::filesystem::path file = flags.abbreviations.empty()
                                         ? DefaultDataDir(flags.argv0) / "routing/abbreviations.tsv"
                                         : std::filesystem::path(flags.abbreviations);
  return text::LoadAbbreviations(file);
}

std::string Percent(double v) {
  char buf[16];
  std::snprintf(buf, sizeof buf, "%.1f%%", v * 100);
  return buf;
}

// What the "linear" row is, from the flags.
std::string DescribeLinear(const ClassifierFlags& flags) {
  std::ostringstream d;
  d << "linear: one-vs-rest ";
  if (flags.crammer_singer) {
    d << "Crammer-Singer SVM";
  } else if (flags.logistic) {
    d << "logistic regression";
  } else {
    d << "L2-loss SVM";
    if (!flags.no_nb) d << " over NBSVM-scaled features (beta " << flags.nb_beta << ")";
    if (flags.logistic_mix > 0) {
      d << ", its weights mixed " << flags.logistic_mix << " with a logistic regression's";
    }
  }
  if (flags.balanced && !flags.crammer_singer) d << ", classes balanced";
  d << "; C " << flags.c << ", word 1-" << flags.word_ngrams << " + char " << flags.char_ngrams
    << " n-grams, " << (flags.no_sublinear ? "raw" : "sublinear") << " TF-IDF"
    << (flags.char_tf == "word" ? " (char TF per word)" : "") << ", char weight "
    << flags.char_weight << ", normaliser " << flags.steps << ", temperature-calibrated";
  if (flags.scaling == "matrix") {
    d << ", then matrix scaling (off-diagonal L2 " << flags.odir_lambda << ")";
  } else if (flags.scaling == "vector") {
    d << ", then vector scaling";
  }
  d << ".";
  return d.str();
}

void PrintText(const text::EvalReport& r, const ClassifierFlags& flags, double seconds,
               std::ostream& out) {
  if (r.folds > 0) {
    out << r.used << " of " << r.rows << " rows, " << r.labels << " labels with "
        << flags.min_per_class << " or more examples, " << r.folds
        << "-fold stratified cross-validation (seed " << flags.seed << "), " << std::fixed
        << std::setprecision(1) << seconds << " s\n\n";
  } else {
    out << r.used << " of " << r.rows << " rows, " << r.labels << " labels, model " << r.model
        << "\n\n";
  }
  out << std::left << std::setw(20) << "method" << std::right << std::setw(8) << "top-1"
      << std::setw(8) << "top-3" << std::setw(10) << "macro-F1" << std::setw(9) << "cov@90"
      << std::setw(9) << "cov@95" << std::setw(9) << "cov@98" << std::setw(10) << "auto"
      << std::setw(11) << "auto-prec" << std::setw(9) << "human"
      << "\n";
  for (const auto& m : r.methods) {
    out << std::left << std::setw(20) << m.name << std::right << std::setw(8) << Percent(m.top1)
        << std::setw(8) << Percent(m.top3) << std::setw(10) << std::fixed << std::setprecision(3)
        << m.macro_f1;
    for (const auto& p : m.curve) out << std::setw(9) << Percent(p.coverage);
    out << std::setw(10) << Percent(m.auto_share) << std::setw(11) << Percent(m.auto_precision)
        << std::setw(9) << Percent(m.human_share) << "\n";
  }
  out << "\ncov@P: the share of reports that can be disposed automatically at precision P, "
         "with the best threshold on these predictions;\nauto: disposed automatically with the "
         "threshold each model chose from its own training folds (target "
      << Percent(flags.target_precision)
      << "), auto-prec its precision;\nhuman: below the "
         "minimum confidence ("
      << Percent(flags.min_confidence) << "): nothing proposed.\n";
  if (flags.kind == "linear" && flags.model.empty()) out << "\n" << DescribeLinear(flags) << "\n";
  if (r.methods.empty()) return;
  const auto& m = r.methods.front();
  out << "\nPer label (" << m.name << "): precision recall F1 support label\n";
  for (const auto& c : m.per_class) {
    out << std::right << std::setw(7) << Percent(c.precision) << std::setw(7) << Percent(c.recall)
        << std::setw(7) << std::setprecision(3) << c.f1 << std::setw(5) << c.support << "  "
        << c.label << "\n";
  }
  out << "\nMost confused (" << m.name << "): count  truth -> predicted\n";
  for (const auto& p : m.confused) {
    out << std::setw(5) << p.count << "  " << p.truth << " -> " << p.predicted << "\n";
  }
}

nlohmann::json ToJson(const text::EvalReport& r, const ClassifierFlags& flags) {
  nlohmann::json j;
  j["rows"] = r.rows;
  j["used"] = r.used;
  j["labels"] = r.labels;
  j["label"] = flags.label;
  if (r.folds > 0) {
    j["folds"] = r.folds;
    j["min_per_class"] = flags.min_per_class;
    j["seed"] = flags.seed;
  } else {
    j["model"] = r.model;
  }
  j["methods"] = nlohmann::json::array();
  for (const auto& m : r.methods) {
    nlohmann::json mj{{"name", m.name},
                      {"examples", m.examples},
                      {"top1", m.top1},
                      {"top3", m.top3},
                      {"macro_f1", m.macro_f1},
                      {"auto_share", m.auto_share},
                      {"auto_precision", m.auto_precision},
                      {"human_share", m.human_share}};
    mj["precision_coverage"] = nlohmann::json::array();
    for (const auto& p : m.curve) {
      mj["precision_coverage"].push_back(
          {{"precision", p.target}, {"coverage", p.coverage}, {"threshold", p.threshold}});
    }
    mj["per_class"] = nlohmann::json::array();
    for (const auto& c : m.per_class) {
      mj["per_class"].push_back({{"label", c.label},
                                 {"support", c.support},
                                 {"precision", c.precision},
                                 {"recall", c.recall},
                                 {"f1", c.f1}});
    }
    mj["confused"] = nlohmann::json::array();
    for (const auto& p : m.confused) {
      mj["confused"].push_back(
          {{"truth", p.truth}, {"predicted", p.predicted}, {"count", p.count}});
    }
    j["methods"].push_back(mj);
  }
  return j;
}

int Usage(std::ostream& err, const std::string& command, const std::string& message) {
  err << "sigap " << command << ": " << message << "\n";
  return 2;
}

int Failure(std::ostream& err, const std::string& command, const Error& error) {
  err << "sigap " << command << ": " << error.message << "\n";
  return 1;
}

}  // namespace

Result<LabelledReports> ReadLabelledReports(const std::string& file,
                                            const std::string& label_column, bool use_subject) {
  auto table = ReadCsvTable(file);
  if (!table) return Fail(table.error());
  const int label = table->Column(label_column);
  const int body = table->Column("text");
  const int subject = use_subject ? table->Column("subject") : -1;
  std::string columns;
  for (const auto& h : table->header) columns += (columns.empty() ? "" : ", ") + h;
  if (label < 0) {
    return Fail(ErrorCode::kInvalidArgument,
                file + ":1: no column '" + label_column + "' (the columns are " + columns + ")");
  }
  if (body < 0) {
    return Fail(ErrorCode::kInvalidArgument,
                file + ":1: no column 'text' (the columns are " + columns + ")");
  }
  LabelledReports loaded;
  for (const auto& row : table->rows) {
    std::string value = text::CleanLabel(row.fields[label]);
    if (value.empty()) {
      ++loaded.skipped;
      continue;
    }
    loaded.examples.push_back(
        {text::ComposeReport(subject >= 0 ? row.fields[subject] : "", row.fields[body]),
         std::move(value)});
  }
  return loaded;
}

int Eval(const ClassifierFlags& flags, std::ostream& out, std::ostream& err) {
  if (flags.format != "text" && flags.format != "json") {
    return Usage(err, "eval", "--format must be text or json");
  }
  auto options = Options(flags);
  if (!options) return Usage(err, "eval", options.error().message);
  auto loaded = ReadExamples(flags);
  if (!loaded) return Failure(err, "eval", loaded.error());
  if (loaded->skipped > 0) {
    err << "sigap eval: " << loaded->skipped << " rows without a " << flags.label
        << " were left out\n";
  }
  const auto start = std::chrono::steady_clock::now();
  Result<text::EvalReport> report = Fail(ErrorCode::kInternal, "");
  if (!flags.model.empty()) {
    auto model = text::Classifier::Load(flags.model);
    if (!model) return Failure(err, "eval", model.error());
    report = text::EvaluateModel(**model, loaded->examples);
  } else {
    auto abbreviations = Abbreviations(flags);
    if (!abbreviations) return Failure(err, "eval", abbreviations.error());
    text::EvalOptions eval;
    eval.folds = flags.folds;
    eval.min_per_class = flags.min_per_class;
    eval.train = *options;
    eval.baselines = !flags.no_baselines;
    if (flags.folds < 2 || flags.folds > 50) return Usage(err, "eval", "--folds must be 2..50");
    report = text::CrossValidate(loaded->examples, eval, *abbreviations);
  }
  if (!report) {
    return Failure(err, "eval", {report.error().code, flags.file + ": " + report.error().message});
  }
  const double seconds =
      std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
  if (flags.format == "json") {
    out << ToJson(*report, flags).dump(2) << "\n";
  } else {
    PrintText(*report, flags, seconds, out);
  }
  return 0;
}

namespace {

// `sigap train` without --output: the models kept in the database.
int TrainInStore(const ClassifierFlags& flags, std::ostream& out, std::ostream& err) {
  if (flags.label != app::kAgencyTarget && flags.label != app::kCategoryTarget) {
    return Usage(err, "train",
                 "the database keeps agency and category models: --label agency|category");
  }
  if (flags.holdout < 0) return Usage(err, "train", "--holdout must be 0 or more");
  auto options = Options(flags);
  if (!options) return Usage(err, "train", options.error().message);
  std::optional<std::string> config_file = flags.config_file;
  if (!config_file && std::filesystem::exists("sigap.toml")) config_file = "sigap.toml";
  auto config = LoadConfig(config_file);
  if (!config) return Usage(err, "train", config.error().message);
  const std::string db = flags.db.value_or(config->database.path);
  if (auto missing = store::MissingDatabase(db)) return Usage(err, "train", *missing);
  auto store = store::OpenDatabase(db);
  if (!store) return Failure(err, "train", store.error());
  if (auto migrated = (*store)->Migrate(); !migrated) {
    return Failure(err, "train", migrated.error());
  }
  auto picked = PickPemda(**store, flags.pemda, config->pemda.code, store::DatabaseName(db));
  if (!picked) {
    if (picked.error().code == ErrorCode::kInvalidArgument) {
      return Usage(err, "train", picked.error().message);
    }
    return Failure(err, "train", picked.error());
  }
  const domain::PemdaId pemda = picked->id;
  if (flags.list || flags.rollback) {
    auto models = (*store)->ListTextModels(pemda, flags.label);
    if (!models) return Failure(err, "train", models.error());
    if (flags.list) {
      for (const auto& m : *models) {
        out << m.id << "\t" << m.version << "\t" << (m.active ? "active" : "-") << "\t"
            << m.examples << " reports\t" << FormatRfc3339(m.created_at) << "\t" << m.created_by
            << "\n";
      }
      return 0;
    }
    // The model made just before the active one.
    const auto active =
        std::find_if(models->begin(), models->end(), [](const auto& m) { return m.active; });
    if (active == models->end() || active + 1 == models->end()) {
      return Failure(err, "train",
                     {ErrorCode::kFailedPrecondition, "no earlier model to roll back to"});
    }
    if (auto done = (*store)->ActivateTextModel(pemda, (active + 1)->id); !done) {
      return Failure(err, "train", done.error());
    }
    out << "Model " << (active + 1)->version << " is active again (was " << active->version
        << ")\n";
    return 0;
  }
  app::RetrainOptions retrain;
  retrain.target = flags.label;
  retrain.train = *options;
  retrain.holdout = flags.holdout;
  retrain.created_by = "cli";
  if (!flags.file.empty()) {
    auto loaded = ReadExamples(flags);
    if (!loaded) return Failure(err, "train", loaded.error());
    retrain.corpus = std::move(loaded->examples);
  }
  auto abbreviations = Abbreviations(flags);
  if (!abbreviations) return Failure(err, "train", abbreviations.error());
  retrain.abbreviations = std::move(*abbreviations);
  app::SystemClock clock;
  auto report = app::RetrainFromDispositions(**store, pemda, clock, retrain);
  if (!report) return Failure(err, "train", report.error());
  out << "Model " << report->version << " (id " << report->id << ") from " << report->examples
      << " reports (" << report->dispositions << " dispositions";
  if (report->corpus_duplicates > 0) {
    out << "; " << report->corpus_duplicates
        << " reports of the file are cases of the database, learnt once with their disposition";
  }
  out << ")";
  if (report->held_out > 0) {
    out << "; on the latest " << report->held_out << " dispositions top-1 "
        << Percent(report->candidate_top1) << " against " << Percent(report->previous_top1)
        << " for " << report->previous_version;
  }
  out << (report->promoted ? "; promoted: it routes new cases now\n"
                           : "; not promoted: it is worse than the active model\n");
  return 0;
}

}  // namespace

int Train(const ClassifierFlags& flags, std::ostream& out, std::ostream& err) {
  if (flags.output.empty()) return TrainInStore(flags, out, err);
  if (flags.file.empty()) return Usage(err, "train", "--from FILE is required with --output");
  auto options = Options(flags);
  if (!options) return Usage(err, "train", options.error().message);
  auto loaded = ReadExamples(flags);
  if (!loaded) return Failure(err, "train", loaded.error());
  auto abbreviations = Abbreviations(flags);
  if (!abbreviations) return Failure(err, "train", abbreviations.error());
  auto model = text::Classifier::Train(loaded->examples, *options, std::move(*abbreviations));
  if (!model) {
    return Failure(err, "train", {model.error().code, flags.file + ": " + model.error().message});
  }
  if (auto saved = (*model)->Save(flags.output); !saved) {
    return Failure(err, "train", saved.error());
  }
  const auto& labels = (*model)->labels();
  const bool other = !labels.empty() && labels.back() == text::kOtherLabel;
  out << "Model " << (*model)->version() << " written to " << flags.output << ": "
      << (labels.size() - (other ? 1 : 0)) << " labels"
      << (other ? " (and \"(lainnya)\" for those with fewer examples)" : "") << " from "
      << loaded->examples.size()
      << " reports; automatic disposition at probability >= " << std::fixed << std::setprecision(3)
      << (*model)->auto_threshold() << " (target precision " << Percent(flags.target_precision)
      << ")\n";
  return 0;
}

namespace {

void AddCommonFlags(CLI::App* cmd, ClassifierFlags& f) {
  cmd->add_option("--label", f.label, "Column to predict: agency (default) or category");
  cmd->add_flag("--no-subject", f.no_subject, "Use the text column alone, not subject + text");
  cmd->add_option("--abbreviations", f.abbreviations,
                  "Abbreviation dictionary (default data/routing/abbreviations.tsv)");
  cmd->add_option("--kind", f.kind, "linear (default) or fasttext");
  cmd->add_option("--steps", f.steps,
                  "Normaliser steps: html,mask,squeeze,abbrev,stem,subject or none "
                  "(default mask,abbrev,stem,subject)");
  cmd->add_option("--c", f.c, "LIBLINEAR C (default 10)");
  cmd->add_option("--char-ngrams", f.char_ngrams,
                  "Character n-grams MIN-MAX (default 2-5), 0 none");
  cmd->add_option("--word-ngrams", f.word_ngrams, "Word n-grams 1..N, N = 1 or 2 (default 2)");
  cmd->add_flag("--no-sublinear", f.no_sublinear, "Raw term frequency instead of 1 + log(tf)");
  cmd->add_option("--char-tf", f.char_tf,
                  "The character n-grams' term frequency: word by word, the words' values "
                  "added up (word, the default), or over the whole text (text)");
  cmd->add_flag("--balanced,!--no-balanced", f.balanced,
                "Weigh each one-vs-rest problem's classes inversely to their frequency "
                "(default; --no-balanced for equal weights)");
  cmd->add_flag("--logistic", f.logistic, "Logistic regression instead of a linear SVM");
  cmd->add_flag("--no-nb", f.no_nb,
                "No NBSVM: the SVM's features are not scaled by naive-Bayes log-count ratios");
  cmd->add_option("--nb-beta", f.nb_beta,
                  "NBSVM: interpolation between mean|w| (0) and the SVM's weights (1), "
                  "default 0.5");
  cmd->add_option("--nb-alpha", f.nb_alpha, "NBSVM: smoothing of the counts (default 1)");
  cmd->add_option("--logistic-mix", f.logistic_mix,
                  "Share of a logistic regression's weights mixed into the SVM's (default 0.5; "
                  "0 for the SVM alone)");
  cmd->add_flag("--crammer-singer", f.crammer_singer,
                "One multi-class SVM (Crammer & Singer) instead of one-vs-rest");
  cmd->add_option("--max-negatives", f.max_negatives,
                  "Negatives per one-vs-rest problem above which a seeded sample of this many "
                  "is trained on (default 2000; 0 for all)");
  cmd->add_option("--char-weight", f.char_weight, "Weight of the character block (default 1)");
  cmd->add_option("--scaling", f.scaling,
                  "Scores to probabilities after the temperature: matrix (default; diagonal "
                  "above 64 labels), vector or temperature (the temperature alone)");
  cmd->add_option("--odir-lambda", f.odir_lambda,
                  "Matrix scaling: L2 weight of the off-diagonal entries (default 20)");
  cmd->add_option("--odir-mu", f.odir_mu,
                  "Vector/matrix scaling: L2 weight of the biases (default 0.01)");
  cmd->add_option("--min-per-class", f.min_per_class,
                  "Labels with fewer examples: left out (eval) or pooled to a human (train)");
  cmd->add_option("--target-precision", f.target_precision,
                  "Precision of automatic dispositions (default 0.95)");
  cmd->add_option("--min-confidence", f.min_confidence,
                  "Below this probability nothing is proposed (default 0.2)");
  cmd->add_option("--seed", f.seed, "Seed of folds and training (default 42)");
  cmd->add_option(
      "--threads", f.threads,
      "Threads training (default 0: every core; the model is the same whatever the number)");
}

}  // namespace

void AddClassifierCommands(CLI::App& app, ClassifierCommands& c) {
  c.eval = app.add_subcommand(
      "eval", "Evaluate the text classifier on a CSV (cross-validation, or a saved --model)");
  c.eval->add_option("file", c.eval_flags.file, "CSV with a header: text, subject, agency, ...")
      ->required();
  AddCommonFlags(c.eval, c.eval_flags);
  c.eval->add_option("--folds", c.eval_flags.folds, "Stratified folds (default 5)");
  c.eval->add_option("--format", c.eval_flags.format, "text (default) or json");
  c.eval->add_option("--model", c.eval_flags.model, "Evaluate this model file on FILE");
  c.eval->add_flag("--no-baselines", c.eval_flags.no_baselines, "Skip the baselines");
  c.train = app.add_subcommand(
      "train",
      "Train the text classifier: into a model file (--output), or from the Pemda's "
      "dispositions into the database (--label category: their cases' categories)");
  c.train->add_option("--from", c.train_flags.file, "CSV with a header: text, subject, agency");
  c.train->add_option("--output", c.train_flags.output,
                      "Model file to write (without it: the database's dispositions)");
  c.train->add_option("--db", c.train_flags.db, "Database (default database.path)");
  c.train->add_option("--config", c.train_flags.config_file, "Configuration file");
  c.train->add_option("--pemda", c.train_flags.pemda, "Pemda code (default pemda.code)");
  c.train->add_option("--holdout", c.train_flags.holdout,
                      "Latest dispositions held out to compare with the active model (200)");
  c.train->add_flag("--rollback", c.train_flags.rollback,
                    "Activate the model made before the active one");
  c.train->add_flag("--list", c.train_flags.list, "List the models kept in the database");
  AddCommonFlags(c.train, c.train_flags);
}

std::optional<int> RunClassifierCommands(const ClassifierCommands& c, const char* argv0) {
  if (c.eval != nullptr && c.eval->parsed()) {
    ClassifierFlags flags = c.eval_flags;
    flags.argv0 = argv0;
    return Eval(flags, std::cout, std::cerr);
  }
  if (c.train != nullptr && c.train->parsed()) {
    ClassifierFlags flags = c.train_flags;
    flags.argv0 = argv0;
    return Train(flags, std::cout, std::cerr);
  }
  return std::nullopt;
}

}  // namespace sigap::cli
