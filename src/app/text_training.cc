#include "app/text_training.h"

#include <algorithm>

#include "app/text_routing.h"

namespace sigap::app {
namespace {

namespace text = routing::text;

// The share of `examples` whose best label is the right one.
double Top1(const text::Classifier& model, const std::vector<text::Example>& examples) {
  if (examples.empty()) return -1;
  int right = 0;
  for (const auto& e : examples) {
    auto p = model.Predict(e.text, 1);
    if (p && !p->top.empty() && p->top.front().label == e.label) ++right;
  }
  return static_cast<double>(right) / static_cast<double>(examples.size());
}

}  // namespace

Result<RetrainReport> RetrainFromDispositions(store::Store& store, domain::PemdaId pemda,
                                              const Clock& clock, const RetrainOptions& options) {
  auto dispositions = store.ListDispositions(pemda, options.max_dispositions);
  if (!dispositions) return Fail(dispositions.error());
  auto agencies = store.ListAgencies(pemda);
  if (!agencies) return Fail(agencies.error());
  std::string pemda_name;
  auto pemdas = store.ListPemdas();
  if (!pemdas) return Fail(pemdas.error());
  for (const auto& p : *pemdas) {
    if (p.id == pemda) pemda_name = p.name;
  }

  RetrainReport report;
  report.dispositions = static_cast<int>(dispositions->size());
  // Newest first: the first `held` are the latest dispositions.
  const int held = std::min(options.holdout, report.dispositions / 5);
  std::vector<text::Example> older;  // corpus + all but the held-out dispositions
  std::vector<text::Example> held_out;
  for (const auto& e : options.corpus) {
    std::string code = AgencyOfLabel(e.label, *agencies, pemda_name);
    older.push_back({e.text, code.empty() ? e.label : std::move(code)});
  }
  for (int i = report.dispositions - 1; i >= 0; --i) {
    const auto& d = (*dispositions)[static_cast<size_t>(i)];
    text::Example e{text::ComposeReport(d.title, d.description), d.agency_code};
    (i < held ? held_out : older).push_back(std::move(e));
  }

  auto active = store.FindActiveTextModel(pemda, "agency", true);
  if (!active && active.error().code != ErrorCode::kNotFound) return Fail(active.error());
  bool promote = true;
  if (active && !held_out.empty()) {
    auto previous = text::Classifier::Parse(active->data, "text model " + active->version);
    auto candidate = text::Classifier::Train(older, options.train, options.abbreviations);
    if (!candidate) return Fail(candidate.error());
    report.held_out = static_cast<int>(held_out.size());
    report.previous_version = active->version;
    report.candidate_top1 = Top1(**candidate, held_out);
    // A damaged active model is worse than any.
    report.previous_top1 = previous ? Top1(**previous, held_out) : 0;
    promote = report.candidate_top1 >= report.previous_top1;
  } else if (active) {
    report.previous_version = active->version;
  }

  std::vector<text::Example> all = std::move(older);
  for (auto& e : held_out) all.push_back(std::move(e));
  report.examples = static_cast<int>(all.size());
  auto model = text::Classifier::Train(all, options.train, options.abbreviations);
  if (!model) return Fail(model.error());
  store::TextModelRecord record;
  record.version = (*model)->version();
  record.label = "agency";
  record.data = (*model)->Serialize();
  record.examples = report.examples;
  record.holdout_top1 = report.candidate_top1;
  record.created_by = options.created_by;
  record.created_at = clock.Now();
  auto id = store.SaveTextModel(pemda, record, promote);
  if (!id) return Fail(id.error());
  report.id = *id;
  report.version = record.version;
  report.promoted = promote;
  return report;
}

}  // namespace sigap::app
