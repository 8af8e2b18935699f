#include "app/text_routing.h"

#include <spdlog/spdlog.h>

#include <algorithm>
#include <cctype>
#include <cstdio>
#include <future>
#include <nlohmann/json.hpp>

namespace sigap::app {
namespace {

namespace text = routing::text;

constexpr size_t kMaxQueued = 10000;

constexpr int kTop = 3;
constexpr int kWords = 5;

std::string Probability(double p) {
  char buf[16];
  std::snprintf(buf, sizeof buf, "%.3f", p);
  return buf;
}

}  // namespace

namespace {

std::string Lower(std::string_view v) {
  std::string out(v);
  for (char& ch : out) ch = static_cast<char>(std::tolower(static_cast<unsigned char>(ch)));
  return out;
}

}  // namespace

std::string AgencyOfLabel(std::string_view label, const std::vector<domain::Agency>& agencies,
                          std::string_view pemda_name) {
  const std::string l = Lower(label);
  const std::string suffix = " " + Lower(pemda_name);
  for (const auto& a : agencies) {
    const std::string name = Lower(a.name);
    if (l == Lower(a.code) || l == name || (!pemda_name.empty() && l == name + suffix)) {
      return a.code;
    }
  }
  return "";
}

std::string CategoryOfLabel(std::string_view label,
                            const std::vector<domain::Category>& categories) {
  const std::string l = Lower(label);
  for (const auto& c : categories) {
    if (l == Lower(c.code) || l == Lower(c.name)) return c.code;
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
    if (queue_.size() >= kMaxQueued) {
      spdlog::warn("routing by text: {} cases waiting; case {} is left to the verifiers",
                   queue_.size(), id);
      return;
    }
    queue_.push_back({pemda, id, std::move(title), std::move(description)});
  }
  wake_.notify_one();
}

void TextRouter::WaitIdle() {
  std::unique_lock lock(mutex_);
  idle_.wait(lock, [this] { return queue_.empty() && !busy_; });
}

void TextRouter::Run() {
  std::vector<Job> batch;
  while (true) {
    batch.clear();
    {
      std::unique_lock lock(mutex_);
      wake_.wait(lock, [this] { return stop_ || !queue_.empty(); });
      if (queue_.empty()) return;  // stopping, nothing left
      while (!queue_.empty() && batch.size() < kBatch) {
        batch.push_back(std::move(queue_.front()));
        queue_.pop_front();
      }
      busy_ = true;
    }
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
      if (auto c = Classify(it->second, job.pemda, job.id, job.title, job.description)) {
        classified.push_back(std::move(*c));
      }
    }
    std::mutex written_mutex;
    std::condition_variable written;
    size_t pending = classified.size();
    for (Classified& c : classified) {
      const domain::CaseId id = c.id;
      Queue(std::move(c), [&, id](Result<bool> done) {
        if (!done) spdlog::warn("routing by text: case {}: {}", id, done.error().message);
        std::lock_guard lock(written_mutex);
        if (--pending == 0) written.notify_one();
      });
    }
    {
      std::unique_lock lock(written_mutex);
      written.wait(lock, [&] { return pending == 0; });
    }
    {
      std::lock_guard lock(mutex_);
      busy_ = false;
      if (queue_.empty()) idle_.notify_all();
    }
  }
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
  auto classified = Classify(*view, pemda, id, title, description);
  if (!classified) return false;
  std::promise<Result<bool>> promise;
  auto future = promise.get_future();
  Queue(std::move(*classified), [&promise](Result<bool> r) { promise.set_value(std::move(r)); });
  auto written = future.get();
  if (!written) return Fail(written.error());
  return true;
}

std::optional<TextRouter::Classified> TextRouter::Classify(const PemdaView& view,
                                                           domain::PemdaId pemda, domain::CaseId id,
                                                           const std::string& title,
                                                           const std::string& description) const {
  const auto& model = view.model;
  if (!model) return std::nullopt;
  const std::string report = text::ComposeReport(title, description);
  auto prediction = model->Predict(report, kTop, kWords);
  if (!prediction) return std::nullopt;  // no word to read: a verifier decides
  std::vector<std::string> agencies;
  for (const auto& l : prediction->top) {
    agencies.push_back(AgencyOfLabel(l.label, view.agencies, view.name));
  }
  const store::TextRoutingSettings& settings = view.settings;
  prediction->decision = PolicyDecision(*model, *prediction, settings);
  Classified out{pemda,
                 id,
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
  if (workflow_ && settings.auto_dispose && prediction->decision == text::Decision::kAuto &&
      !agencies.empty() && !agencies.front().empty()) {
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
                                   std::move(done));
  } else {
    QueueTextSuggestion(store_, suggestion.pemda, suggestion.id, std::move(suggestion.event),
                        std::nullopt, std::move(done));
  }
}

}  // namespace sigap::app
