#include "app/text_routing.h"

#include <spdlog/spdlog.h>

#include <algorithm>
#include <cctype>
#include <cstdio>
#include <future>
#include <limits>
#include <nlohmann/json.hpp>

#include "domain/ascii.h"

namespace sigap::app {
namespace {

namespace text = routing::text;

// A case as filed, before anything happened to it (Store::SubmitCase).
constexpr int64_t kFiledVersion = 1;
// How soon a catch-up whose cases could not be read tries again.
constexpr std::chrono::seconds kRetry{10};

constexpr int kTop = 3;
constexpr int kWords = 5;

std::string Probability(double p) {
  char buf[16];
  std::snprintf(buf, sizeof buf, "%.3f", p);
  return buf;
}

}  // namespace

namespace {}  // namespace

std::string AgencyOfLabel(std::string_view label, const std::vector<domain::Agency>& agencies,
                          std::string_view pemda_name) {
  const std::string l = domain::AsciiLower(label);
  const std::string suffix = " " + domain::AsciiLower(pemda_name);
  for (const auto& a : agencies) {
    const std::string name = domain::AsciiLower(a.name);
    if (l == domain::AsciiLower(a.code) || l == name ||
        (!pemda_name.empty() && l == name + suffix)) {
      return a.code;
    }
  }
  return "";
}

std::string CategoryOfLabel(std::string_view label,
                            const std::vector<domain::Category>& categories) {
  const std::string l = domain::AsciiLower(label);
  for (const auto& c : categories) {
    if (l == domain::AsciiLower(c.code) || l == domain::AsciiLower(c.name)) return c.code;
  }
  return "";
}

std::optional<TextSuggestion> LatestTextSuggestion(const std::vector<domain::CaseEvent>& events) {
  for (auto it = events.rbegin(); it != events.rend(); ++it) {
    if (it->kind != domain::event_kind::kRoutingSuggested) continue;
    const auto payload = nlohmann::json::parse(it->payload_json, nullptr, false);
    if (!payload.is_object()) return std::nullopt;
    TextSuggestion s;
    s.agency_code = payload.value("agency_code", "");
    s.model = payload.value("model", "");
    return s;
  }
  return std::nullopt;
}

domain::EventDraft SuggestionEvent(const text::Prediction& prediction,
                                   const std::vector<std::string>& agencies,
                                   const std::string& model_version, Timestamp at) {
  std::vector<std::string> labels;
  std::vector<std::string> probabilities;
  for (const auto& l : prediction.top) {
    labels.push_back(l.label);
    probabilities.push_back(Probability(l.probability));
  }
  std::vector<std::string> words;
  for (const auto& w : prediction.words) words.push_back(w.word);
  domain::Payload p{{"model", model_version},
                    {"decision", std::string(text::DecisionName(prediction.decision))},
                    {"labels", std::move(labels)},
                    {"agencies", agencies},
                    {"probabilities", std::move(probabilities)},
                    {"words", std::move(words)}};
  if (prediction.decision != text::Decision::kHuman && !agencies.empty() &&
      !agencies.front().empty()) {
    p.emplace_back("agency_code", agencies.front());
  }
  return domain::EventDraft{std::string(domain::event_kind::kRoutingSuggested), "system", at, false,
                            std::move(p)};
}

void AddCategorySuggestion(domain::EventDraft& event, const text::Prediction& prediction,
                           const std::vector<domain::Category>& categories,
                           const std::string& model_version, double min_confidence) {
  std::vector<std::string> labels, codes, probabilities;
  for (const auto& l : prediction.top) {
    labels.push_back(l.label);
    codes.push_back(CategoryOfLabel(l.label, categories));
    probabilities.push_back(Probability(l.probability));
  }
  std::string proposal;
  if (!prediction.top.empty() && !codes.front().empty() &&
      prediction.top.front().label != text::kOtherLabel &&
      prediction.top.front().probability >= min_confidence) {
    const auto it = std::find_if(categories.begin(), categories.end(),
                                 [&](const auto& c) { return c.code == codes.front(); });
    if (it != categories.end() && domain::CategoryOffered(*it, categories)) proposal = it->code;
  }
  auto& p = event.payload;
  p.emplace_back("category_model", model_version);
  p.emplace_back("category_labels", std::move(labels));
  p.emplace_back("categories", std::move(codes));
  p.emplace_back("category_probabilities", std::move(probabilities));
  if (!proposal.empty()) p.emplace_back("category_code", std::move(proposal));
}

text::Decision PolicyDecision(const text::Classifier& model, const text::Prediction& prediction,
                              const store::TextRoutingSettings& settings) {
  if (prediction.top.empty()) return text::Decision::kHuman;
  const auto& best = prediction.top.front();
  if (best.label == text::kOtherLabel || best.probability < settings.min_confidence) {
    return text::Decision::kHuman;
  }
  constexpr double kSlack = 1e-9;  // 0.95 saved and read back
  if (best.probability >= model.auto_threshold() &&
      model.target_precision() + kSlack >= settings.target_precision) {
    return text::Decision::kAuto;
  }
  return text::Decision::kPropose;
}

Result<std::unique_ptr<TextRouter>> TextRouter::Create(store::Store& store, const Clock& clock,
                                                       const std::filesystem::path& model_file) {
  std::shared_ptr<const text::Classifier> file_model;
  if (!model_file.empty()) {
    auto loaded = text::Classifier::Load(model_file);
    if (!loaded) return Fail(loaded.error());
    file_model = std::move(*loaded);
  }
  return std::unique_ptr<TextRouter>(new TextRouter(store, clock, std::move(file_model)));
}

TextRouter::TextRouter(store::Store& store, const Clock& clock,
                       std::shared_ptr<const text::Classifier> file_model)
    : store_(store), clock_(clock), file_model_(std::move(file_model)) {
  worker_ = std::thread([this] { Run(); });
}

TextRouter::~TextRouter() {
  {
    std::lock_guard lock(mutex_);
    stop_ = true;
  }
  wake_.notify_all();
  worker_.join();
}

void TextRouter::Enqueue(domain::PemdaId pemda, domain::CaseId id, std::string title,
                         std::string description) {
  {
    std::lock_guard lock(mutex_);
    if (queue_.size() >= queue_limit_) {
      if (!backlog_.contains(pemda)) {
        spdlog::warn("routing by text: {} cases waiting; the next ones are caught up on later",
                     queue_.size());
      }
      AddBacklog(pemda, Backlog{id - 1, id, clock_.Now(),
                                std::chrono::steady_clock::now() + catch_up_delay_, 0});
    } else {
      queue_.push_back(
          {pemda, id, std::move(title), std::move(description), kFiledVersion, std::nullopt});
    }
  }
  wake_.notify_one();
}

void TextRouter::CatchUp() {
  auto pemdas = store_.ListPemdas();
  if (!pemdas) {
    spdlog::warn("routing by text: catching up: {}", pemdas.error().message);
    return;
  }
  const Timestamp now = clock_.Now();
  {
    std::lock_guard lock(mutex_);
    for (const auto& p : *pemdas) {
      AddBacklog(p.id, Backlog{0, std::numeric_limits<domain::CaseId>::max(), now,
                               std::chrono::steady_clock::now() + catch_up_delay_, 0});
    }
  }
  wake_.notify_one();
}

void TextRouter::SetCatchUpDelay(std::chrono::milliseconds delay) {
  std::lock_guard lock(mutex_);
  catch_up_delay_ = delay;
}

void TextRouter::SetQueueLimit(size_t limit) {
  std::lock_guard lock(mutex_);
  queue_limit_ = limit;
}

void TextRouter::AddBacklog(domain::PemdaId pemda, const Backlog& more) {
  auto [it, added] = backlog_.try_emplace(pemda, more);
  if (added) return;
  Backlog& b = it->second;
  b.after = std::min(b.after, more.after);
  b.upto = std::max(b.upto, more.upto);
  b.filed_by = std::max(b.filed_by, more.filed_by);
  b.due = std::max(b.due, more.due);
  b.suggested += more.suggested;
}

void TextRouter::WaitIdle() {
  std::unique_lock lock(mutex_);
  idle_.wait(lock, [this] { return queue_.empty() && backlog_.empty() && !busy_; });
}

void TextRouter::Run() {
  std::vector<Job> batch;
  while (true) {
    batch.clear();
    std::optional<std::pair<domain::PemdaId, Backlog>> catching_up;
    {
      std::unique_lock lock(mutex_);
      // New cases first; a backlog once the queue is empty and it is due.
      while (queue_.empty()) {
        if (stop_) return;
        auto next = std::min_element(
            backlog_.begin(), backlog_.end(),
            [](const auto& a, const auto& b) { return a.second.due < b.second.due; });
        if (next == backlog_.end()) {
          wake_.wait(lock);
        } else if (next->second.due <= std::chrono::steady_clock::now()) {
          catching_up.emplace(*next);
          backlog_.erase(next);
          break;
        } else {
          const auto due = next->second.due;  // the map may change while waiting
          wake_.wait_until(lock, due);
        }
      }
      while (!catching_up && !queue_.empty() && batch.size() < kBatch) {
        batch.push_back(std::move(queue_.front()));
        queue_.pop_front();
      }
      busy_ = true;
    }
    bool more = false;
    if (catching_up) batch = ReadBacklog(catching_up->first, catching_up->second, more);
    const int64_t suggested = Process(batch);
    {
      std::lock_guard lock(mutex_);
      if (catching_up) {
        Backlog& b = catching_up->second;
        b.suggested += suggested;
        if (more) {
          AddBacklog(catching_up->first, b);
        } else if (b.suggested > 0) {
          spdlog::info("routing by text: caught up on {} cases of Pemda {}", b.suggested,
                       catching_up->first);
        }
      }
      busy_ = false;
      if (queue_.empty() && backlog_.empty()) idle_.notify_all();
    }
  }
}

std::vector<TextRouter::Job> TextRouter::ReadBacklog(domain::PemdaId pemda, Backlog& backlog,
                                                     bool& more) {
  more = false;
  if (!ModelFor(pemda, kAgencyTarget)) return {};
  auto page = store_.ListUnsuggestedCases(pemda, backlog.after, backlog.upto, backlog.filed_by,
                                          static_cast<int>(kBatch));
  if (!page) {
    // Tried again later; the cases stay with the verifiers meanwhile.
    spdlog::warn("routing by text: catching up: {}", page.error().message);
    backlog.due = std::chrono::steady_clock::now() + kRetry;
    more = true;
    return {};
  }
  std::vector<Job> jobs;
  jobs.reserve(page->size());
  for (auto& c : *page) {
    jobs.push_back(
        {pemda, c.case_id, std::move(c.title), std::move(c.description), c.version, c.filed_at});
  }
  if (!jobs.empty()) backlog.after = jobs.back().id;
  more = jobs.size() == kBatch;
  return jobs;
}

int64_t TextRouter::Process(const std::vector<Job>& batch) {
  // Each Pemda of the batch read once (a view that could not be read is
  // read again for its next case). The whole batch is classified before
  // its events are queued, back to back, so that they share the store's
  // group commits instead of each waiting for its own.
  std::map<domain::PemdaId, PemdaView> views;
  std::vector<Classified> classified;
  for (const Job& job : batch) {
    auto it = views.find(job.pemda);
    if (it == views.end()) {
      auto view = ReadPemda(job.pemda);
      if (!view) {
        // The case stays with the verifiers; no text (personal data) is logged.
        spdlog::warn("routing by text: case {}: {}", job.id, view.error().message);
        continue;
      }
      it = views.emplace(job.pemda, std::move(*view)).first;
    }
    if (auto c = Classify(it->second, job)) classified.push_back(std::move(*c));
  }
  std::mutex written_mutex;
  std::condition_variable written;
  size_t pending = classified.size();
  int64_t suggested = 0;
  std::vector<std::pair<domain::PemdaId, domain::CaseId>> changed;
  for (Classified& c : classified) {
    const auto key = std::make_pair(c.pemda, c.id);
    Queue(std::move(c), [&, key](Result<bool> done) {
      std::lock_guard lock(written_mutex);
      if (done) {
        ++suggested;
      } else if (done.error().code == ErrorCode::kFailedPrecondition) {
        changed.push_back(key);
      } else {
        spdlog::warn("routing by text: case {}: {}", key.second, done.error().message);
      }
      if (--pending == 0) written.notify_one();
    });
  }
  {
    std::unique_lock lock(written_mutex);
    written.wait(lock, [&] { return pending == 0; });
  }
  // A case that changed since it was read (a supporter, an officer, another
  // node's catch-up) is looked at again by a catch-up: suggested then if it
  // is still received and has no suggestion.
  if (!changed.empty()) {
    const Timestamp now = clock_.Now();
    std::lock_guard lock(mutex_);
    const auto due = std::chrono::steady_clock::now() + catch_up_delay_;
    for (const auto& [pemda, id] : changed) AddBacklog(pemda, Backlog{id - 1, id, now, due, 0});
  }
  return suggested;
}

TextRouter::ActiveModel TextRouter::ModelNow(domain::PemdaId pemda) {
  auto model = ModelFor(pemda, kAgencyTarget);
  return ActiveModel{model, model && model != file_model_};
}

std::shared_ptr<const text::Classifier> TextRouter::ModelFor(domain::PemdaId pemda,
                                                             std::string_view target) {
  const auto fallback =
      target == kAgencyTarget ? file_model_ : std::shared_ptr<const text::Classifier>();
  auto active = store_.FindActiveTextModel(pemda, target, false);
  if (!active) {
    if (active.error().code != ErrorCode::kNotFound) {
      spdlog::warn("routing by text: reading the active model: {}", active.error().message);
    }
    return fallback;
  }
  const auto key = std::make_pair(pemda, std::string(target));
  {
    std::lock_guard lock(models_mutex_);
    if (auto it = stored_.find(key); it != stored_.end() && it->second.version == active->version) {
      return it->second.model;
    }
  }
  auto record = store_.FindActiveTextModel(pemda, target, true);
  if (!record) return fallback;
  auto parsed = text::Classifier::Parse(record->data, "text model " + record->version);
  if (!parsed) {
    spdlog::warn("routing by text: {}", parsed.error().message);
    return fallback;
  }
  std::shared_ptr<const text::Classifier> model = std::move(*parsed);
  std::lock_guard lock(models_mutex_);
  stored_[key] = Cached{record->version, model};
  return model;
}

Result<TextRouter::PemdaView> TextRouter::ReadPemda(domain::PemdaId pemda) {
  PemdaView view;
  view.model = ModelFor(pemda, kAgencyTarget);
  if (!view.model) return view;
  auto listed = store_.ListAgencies(pemda);
  if (!listed) return Fail(listed.error());
  view.agencies = std::move(*listed);
  if (auto pemdas = store_.ListPemdas(); pemdas) {
    for (const auto& p : *pemdas) {
      if (p.id == pemda) view.name = p.name;
    }
  }
  auto settings = store_.LoadTextRoutingSettings(pemda);
  if (!settings) return Fail(settings.error());
  view.settings = *settings;
  view.by_category = ModelFor(pemda, kCategoryTarget);
  if (view.by_category) {
    auto categories = store_.ListCategories(pemda);
    if (!categories) return Fail(categories.error());
    view.categories = std::move(*categories);
  }
  return view;
}

Result<bool> TextRouter::Suggest(domain::PemdaId pemda, domain::CaseId id, const std::string& title,
                                 const std::string& description) {
  auto view = ReadPemda(pemda);
  if (!view) return Fail(view.error());
  auto classified = Classify(*view, Job{pemda, id, title, description, std::nullopt, std::nullopt});
  if (!classified) return false;
  std::promise<Result<bool>> promise;
  auto future = promise.get_future();
  Queue(std::move(*classified), [&promise](Result<bool> r) { promise.set_value(std::move(r)); });
  auto written = future.get();
  if (!written) return Fail(written.error());
  return true;
}

std::optional<TextRouter::Classified> TextRouter::Classify(const PemdaView& view,
                                                           const Job& job) const {
  const auto& model = view.model;
  if (!model) return std::nullopt;
  const std::string report = text::ComposeReport(job.title, job.description);
  auto prediction = model->Predict(report, kTop, kWords);
  if (!prediction) return std::nullopt;  // no word to read: a verifier decides
  std::vector<std::string> agencies;
  for (const auto& l : prediction->top) {
    agencies.push_back(AgencyOfLabel(l.label, view.agencies, view.name));
  }
  const store::TextRoutingSettings& settings = view.settings;
  prediction->decision = PolicyDecision(*model, *prediction, settings);
  Classified out{job.pemda,
                 job.id,
                 job.version,
                 SuggestionEvent(*prediction, agencies, model->version(), clock_.Now()),
                 model->version(),
                 "",
                 ""};
  if (const auto& by_category = view.by_category) {
    if (auto guess = by_category->Predict(report, kTop, 0)) {
      AddCategorySuggestion(out.event, *guess, view.categories, by_category->version(),
                            settings.min_confidence);
    }
  }
  // A policy applies from when it was saved: a case filed before it (one
  // caught up on after a restart) is proposed, not disposed.
  const bool under_policy = !job.filed_at || *job.filed_at >= settings.changed_at;
  if (workflow_ && settings.auto_dispose && under_policy &&
      prediction->decision == text::Decision::kAuto && !agencies.empty() &&
      !agencies.front().empty()) {
    out.automatic = agencies.front();
    char buf[160];
    std::snprintf(buf, sizeof buf, "model %s, p=%.3f >= %.3f (target precision %.0f%%)",
                  model->version().c_str(), prediction->top.front().probability,
                  model->auto_threshold(), settings.target_precision * 100);
    out.basis = buf;
  }
  return out;
}

void TextRouter::Queue(Classified suggestion, SuggestionCallback done) {
  if (workflow_) {
    workflow_->QueueTextSuggestion(suggestion.pemda, suggestion.id, std::move(suggestion.event),
                                   suggestion.automatic, suggestion.model, suggestion.basis,
                                   suggestion.version, std::move(done));
  } else {
    QueueTextSuggestion(store_, suggestion.pemda, suggestion.id, std::move(suggestion.event),
                        std::nullopt, suggestion.version, std::move(done));
  }
}

}  // namespace sigap::app
