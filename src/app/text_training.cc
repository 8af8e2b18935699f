#include "app/text_training.h"

#include <spdlog/spdlog.h>

#include <algorithm>
#include <cctype>
#include <cmath>
#include <functional>
#include <string_view>
#include <unordered_set>

#include "app/text_routing.h"

namespace sigap::app {
namespace {

namespace text = routing::text;

// Two texts are the same report when they differ only in letter case and
// spacing.
std::string SameReportKey(std::string_view text) {
  std::string key;
  key.reserve(text.size());
  bool space = false;
  for (const char ch : text) {
    const auto c = static_cast<unsigned char>(ch);
    if (std::isspace(c) != 0) {
      space = !key.empty();
      continue;
    }
    if (space) key.push_back(' ');
    space = false;
    key.push_back(static_cast<char>(std::tolower(c)));
  }
  return key;
}

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
  // A model is dated from when its data was read: a disposition or a change
  // of policy made while it trains is newer than the model.
  const Timestamp started = clock.Now();
  const bool by_category = options.target == kCategoryTarget;
  if (!by_category && options.target != kAgencyTarget) {
    return Fail(ErrorCode::kInvalidArgument,
                "unknown target '" + options.target + "' (agency or category)");
  }
  // What the model learns from: the disposed cases' agencies, or the
  // categories of the cases that have one (chosen by the citizen from the
  // taxonomy or set by an officer), disposed or not.
  auto dispositions = by_category ? store.ListCategorized(pemda, options.max_dispositions)
                                  : store.ListDispositions(pemda, options.max_dispositions);
  if (!dispositions) return Fail(dispositions.error());
  const auto label_of = [by_category](const store::Disposition& d) -> const std::string& {
    return by_category ? d.category_code : d.agency_code;
  };
  // A corpus label naming one of the Pemda's agencies or categories is
  // read as its code.
  std::function<std::string(const std::string&)> code_of;
  if (by_category) {
    auto categories = store.ListCategories(pemda);
    if (!categories) return Fail(categories.error());
    code_of = [categories = std::move(*categories)](const std::string& label) {
      return CategoryOfLabel(label, categories);
    };
  } else {
    auto agencies = store.ListAgencies(pemda);
    if (!agencies) return Fail(agencies.error());
    std::string pemda_name;
    auto pemdas = store.ListPemdas();
    if (!pemdas) return Fail(pemdas.error());
    for (const auto& p : *pemdas) {
      if (p.id == pemda) pemda_name = p.name;
    }
    code_of = [agencies = std::move(*agencies), pemda_name](const std::string& label) {
      return AgencyOfLabel(label, agencies, pemda_name);
    };
  }

  auto active = store.FindActiveTextModel(pemda, options.target, true);
  if (!active && active.error().code != ErrorCode::kNotFound) return Fail(active.error());

  RetrainReport report;
  report.dispositions = static_cast<int>(dispositions->size());
  // Newest first: the held-out ones are the latest dispositions the active
  // model has never seen (made after it), at most `holdout` and a fifth.
  int held = 0;
  const int most = std::min(options.holdout, report.dispositions / 5);
  while (active && held < most &&
         (*dispositions)[static_cast<size_t>(held)].disposed_at > active->created_at) {
    ++held;
  }
  std::vector<text::Example> older;  // corpus + all but the held-out dispositions
  std::vector<text::Example> held_out;
  std::vector<text::Example> disposed;
  std::unordered_set<std::string> disposed_texts;
  for (int i = report.dispositions - 1; i >= 0; --i) {
    const auto& d = (*dispositions)[static_cast<size_t>(i)];
    disposed.push_back({text::ComposeReport(d.title, d.description), label_of(d)});
    disposed_texts.insert(SameReportKey(disposed.back().text));
  }
  // A report of the corpus that is also one of the Pemda's cases (imported
  // from the same source, as the demo's are) is learnt once, with the
  // label its officers gave it: two copies labelled apart would teach
  // nothing but slow the solver (every one-vs-rest fit then meets the same
  // row as positive and negative), and a held-out case's copy would leak.
  for (const auto& e : options.corpus) {
    if (disposed_texts.contains(SameReportKey(e.text))) {
      ++report.corpus_duplicates;
      continue;
    }
    std::string code = code_of(e.label);
    older.push_back({e.text, code.empty() ? e.label : std::move(code)});
  }
  // `disposed` is oldest first; the held-out ones are its last `held`.
  for (size_t k = 0; k < disposed.size(); ++k) {
    (k + static_cast<size_t>(held) >= disposed.size() ? held_out : older)
        .push_back(std::move(disposed[k]));
  }

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
  record.label = options.target;
  record.data = (*model)->Serialize();
  record.examples = report.examples;
  record.holdout_top1 = report.candidate_top1;
  record.created_by = options.created_by;
  record.created_at = started;
  auto id = store.SaveTextModel(pemda, record, promote);
  if (!id) return Fail(id.error());
  report.id = *id;
  report.version = record.version;
  report.promoted = promote;
  return report;
}

namespace {

// No first model from fewer dispositions than this, whatever the policy says.
constexpr int kFirstModelMin = 50;

bool Differ(double a, double b) { return std::abs(a - b) > 1e-9; }

}  // namespace

TextTrainer::TextTrainer(store::Store& store, const Clock& clock, RetrainOptions base)
    : store_(store), clock_(clock), base_(std::move(base)) {
  worker_ = std::thread([this] { Run(); });
}

TextTrainer::~TextTrainer() {
  {
    std::lock_guard lock(mutex_);
    stop_ = true;
    queue_.clear();
  }
  wake_.notify_all();
  worker_.join();
}

bool TextTrainer::Enqueue(Job job) {
  {
    std::lock_guard lock(mutex_);
    if (stop_ || running_ == job.pemda) return false;
    for (const auto& queued : queue_) {
      if (queued.pemda == job.pemda) return false;
    }
    queue_.push_back(std::move(job));
  }
  wake_.notify_one();
  return true;
}

bool TextTrainer::Request(domain::PemdaId pemda, std::string requested_by,
                          std::string_view target) {
  return Enqueue({pemda, "request", std::move(requested_by), std::string(target)});
}

Result<std::string> TextTrainer::DueReason(domain::PemdaId pemda) {
  auto settings = store_.LoadTextRoutingSettings(pemda);
  if (!settings) return Fail(settings.error());
  auto models = store_.ListTextModels(pemda, "agency");
  if (!models) return Fail(models.error());
  // A policy changed since the newest model: the active one may have been
  // trained for another target precision or minimum confidence.
  if (!models->empty() && settings->id != 0 && settings->changed_at > models->front().created_at) {
    auto active = store_.FindActiveTextModel(pemda, "agency", true);
    if (!active && active.error().code != ErrorCode::kNotFound) return Fail(active.error());
    if (active) {
      auto model = routing::text::Classifier::Parse(active->data, "text model " + active->version);
      if (!model || Differ((*model)->target_precision(), settings->target_precision) ||
          Differ((*model)->min_confidence(), settings->min_confidence)) {
        return std::string("settings_changed");  // a damaged model is replaced too
      }
    }
  }
  if (settings->retrain_min_new <= 0) return std::string();
  const int wanted = models->empty() ? std::max(settings->retrain_min_new, kFirstModelMin)
                                     : settings->retrain_min_new;
  auto latest = store_.ListDispositions(pemda, wanted);
  if (!latest) return Fail(latest.error());
  {
    std::lock_guard lock(mutex_);
    if (auto failed = failed_at_.find(pemda); failed != failed_at_.end()) {
      if (latest->empty() || latest->front().disposed_at <= failed->second) return std::string();
    }
  }
  const bool enough = static_cast<int>(latest->size()) >= wanted;
  if (models->empty()) return std::string(enough ? "first_model" : "");
  if (enough && latest->back().disposed_at > models->front().created_at) {
    return std::string("new_dispositions");
  }
  return std::string();
}

bool TextTrainer::CheckPemda(domain::PemdaId pemda) {
  auto reason = DueReason(pemda);
  if (!reason) {
    spdlog::warn("text training of Pemda {}: {}", pemda, reason.error().message);
    return false;
  }
  return !reason->empty() && Enqueue({pemda, *reason, "system"});
}

int TextTrainer::Check() {
  auto pemdas = store_.ListPemdas();
  if (!pemdas) {
    spdlog::warn("text training: {}", pemdas.error().message);
    return 0;
  }
  int queued = 0;
  for (const auto& p : *pemdas) queued += CheckPemda(p.id) ? 1 : 0;
  return queued;
}

TrainingStatus TextTrainer::Status(domain::PemdaId pemda) const {
  std::lock_guard lock(mutex_);
  TrainingStatus status;
  status.running = running_ == pemda;
  for (const auto& queued : queue_) status.queued = status.queued || queued.pemda == pemda;
  if (auto it = last_.find(pemda); it != last_.end()) status.last = it->second;
  return status;
}

void TextTrainer::WaitIdle() {
  std::unique_lock lock(mutex_);
  idle_.wait(lock, [this] { return queue_.empty() && !running_; });
}

void TextTrainer::Run() {
  while (true) {
    Job job;
    {
      std::unique_lock lock(mutex_);
      wake_.wait(lock, [this] { return stop_ || !queue_.empty(); });
      if (stop_) return;
      job = std::move(queue_.front());
      queue_.pop_front();
      running_ = job.pemda;
    }
    const bool category_follows = Train(job);
    {
      std::lock_guard lock(mutex_);
      running_.reset();
      const bool queued = std::any_of(queue_.begin(), queue_.end(),
                                      [&](const Job& q) { return q.pemda == job.pemda; });
      if (category_follows && !queued && !stop_) {
        queue_.push_front({job.pemda, job.trigger, job.requested_by, std::string(kCategoryTarget)});
      }
      if (queue_.empty()) idle_.notify_all();
    }
  }
}

bool TextTrainer::Train(const Job& job) {
  const bool agency = job.target == kAgencyTarget;
  // A trigger found due before an earlier run of the Pemda ended may be
  // met by that run's model: asked again now, with the Pemda's run marked.
  if (job.trigger != "request" && agency) {
    auto still = DueReason(job.pemda);
    if (still && still->empty()) return false;
  }
  {
    std::lock_guard lock(mutex_);
    last_[job.pemda] =
        TrainingRun{job.trigger, job.target, job.requested_by, clock_.Now(), {}, {}, ""};
  }
  RetrainOptions options = base_;
  options.target = job.target;
  if (job.target != kAgencyTarget) options.corpus.clear();  // its labels are agencies
  options.created_by = job.requested_by.empty() ? "system" : job.requested_by;
  auto settings = store_.LoadTextRoutingSettings(job.pemda);
  if (settings) {
    options.train.target_precision = settings->target_precision;
    options.train.min_confidence = settings->min_confidence;
  }
  auto latest = store_.ListDispositions(job.pemda, 1);
  auto report = settings ? RetrainFromDispositions(store_, job.pemda, clock_, options)
                         : Result<RetrainReport>(Fail(settings.error()));
  std::lock_guard lock(mutex_);
  TrainingRun& run = last_[job.pemda];
  run.finished_at = clock_.Now();
  if (!report) {
    run.error = report.error().message;
    if (job.target == kAgencyTarget) {  // what Check waits on
      failed_at_[job.pemda] =
          latest && !latest->empty() ? latest->front().disposed_at : Timestamp{};
    }
    spdlog::warn("text training of Pemda {} ({}, {}): {}", job.pemda, job.target, job.trigger,
                 run.error);
    return false;
  }
  if (job.target == kAgencyTarget) failed_at_.erase(job.pemda);
  run.report = *report;
  spdlog::info("text training of Pemda {} ({}, {}): model {} from {} examples, {}", job.pemda,
               job.target, job.trigger, report->version, report->examples,
               report->promoted ? "promoted" : "not promoted (worse on the held-out dispositions)");
  // New dispositions teach the category model too, once the Pemda has one.
  if (!agency || job.trigger != "new_dispositions") return false;
  auto categories = store_.ListTextModels(job.pemda, kCategoryTarget);
  return categories && !categories->empty();
}

}  // namespace sigap::app
