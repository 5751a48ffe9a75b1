/**
 * H5P.BackpackKnowledgeCheck 1.0: a few multiple-choice questions.
 *
 * Backpack's own content type, small enough to read in one sitting, so that a real
 * package plays in tests and in the demo. It follows H5P's conventions for question
 * types: each answer is an xAPI "answered" statement whose context names the whole
 * check as its parent (so it is not mistaken for a finished attempt), and the last
 * answer is followed by "completed" with the score. getCurrentState() lets the
 * player resume where the learner stopped.
 */
H5P.BackpackKnowledgeCheck = (function ($, EventDispatcher) {
  "use strict";

  var DEFAULT_L10N = {
    correct: "Correct.",
    wrong: "Not quite.",
    score: "You answered :score of :total questions correctly.",
    retry: "Try again",
  };

  function KnowledgeCheck(params, contentId, extras) {
    EventDispatcher.call(this);
    this.params = params || {};
    this.questions = Array.isArray(this.params.questions) ? this.params.questions : [];
    this.l10n = $.extend({}, DEFAULT_L10N, this.params.l10n || {});
    this.contentId = contentId;
    var previous = extras && extras.previousState;
    this.answers = this.questions.map(function (question, index) {
      var saved = previous && Array.isArray(previous.answers) ? previous.answers[index] : null;
      return typeof saved === "number" && saved >= 0 && saved < (question.answers || []).length
        ? saved
        : null;
    });
  }

  KnowledgeCheck.prototype = Object.create(EventDispatcher.prototype);
  KnowledgeCheck.prototype.constructor = KnowledgeCheck;

  KnowledgeCheck.prototype.attach = function ($container) {
    this.$container = $container.addClass("h5p-backpack-knowledge-check").empty();
    if (this.params.intro) {
      $("<p>", { class: "h5p-bkc-intro", text: this.params.intro }).appendTo($container);
    }
    this.$questions = this.questions.map(this.renderQuestion.bind(this));
    this.$summary = $("<div>", { class: "h5p-bkc-summary", "aria-live": "polite" }).appendTo(
      $container
    );
    this.refreshSummary();
  };

  KnowledgeCheck.prototype.renderQuestion = function (question, index) {
    var self = this;
    var $fieldset = $("<fieldset>", { class: "h5p-bkc-question" }).appendTo(this.$container);
    $("<legend>", { text: question.text }).appendTo($fieldset);
    var $options = $("<div>", { class: "h5p-bkc-options" }).appendTo($fieldset);
    (question.answers || []).forEach(function (answer, answerIndex) {
      $("<button>", { type: "button", class: "h5p-bkc-option", text: answer })
        .on("click", function () {
          self.answer(index, answerIndex);
        })
        .appendTo($options);
    });
    $("<p>", { class: "h5p-bkc-feedback", "aria-live": "polite" }).appendTo($fieldset);
    this.showAnswer($fieldset, question, this.answers[index]);
    return $fieldset;
  };

  KnowledgeCheck.prototype.isCorrect = function (index) {
    // `correct` counts from 1, as an author writes it.
    return this.answers[index] === Number(this.questions[index].correct) - 1;
  };

  KnowledgeCheck.prototype.showAnswer = function ($fieldset, question, chosen) {
    if (chosen === null) return;
    var correctIndex = Number(question.correct) - 1;
    $fieldset.find(".h5p-bkc-option").each(function (answerIndex, button) {
      $(button)
        .prop("disabled", true)
        .toggleClass("h5p-bkc-chosen", answerIndex === chosen)
        .toggleClass("h5p-bkc-right", answerIndex === correctIndex);
    });
    var verdict = chosen === correctIndex ? this.l10n.correct : this.l10n.wrong;
    $fieldset
      .find(".h5p-bkc-feedback")
      .text(question.explanation ? verdict + " " + question.explanation : verdict);
  };

  KnowledgeCheck.prototype.answer = function (index, answerIndex) {
    if (this.answers[index] !== null) return;
    this.answers[index] = answerIndex;
    this.showAnswer(this.$questions[index], this.questions[index], answerIndex);
    this.triggerAnswered(index);
    if (this.isFinished()) {
      this.triggerXAPIScored(this.getScore(), this.getMaxScore(), "completed", true, this.getScore() === this.getMaxScore());
    }
    this.refreshSummary();
    this.trigger("resize");
  };

  KnowledgeCheck.prototype.triggerAnswered = function (index) {
    var question = this.questions[index];
    var event = this.createXAPIEventTemplate("answered");
    var statement = event.data.statement;
    var parentId = statement.object.id;
    // One activity per question, under the check as its parent (H5P's sub-content convention).
    statement.object.id = parentId + "?question=" + (index + 1);
    statement.object.definition = {
      name: { "en-US": question.text },
      type: "http://adlnet.gov/expapi/activities/cmi.interaction",
      interactionType: "choice",
      choices: (question.answers || []).map(function (answer, answerIndex) {
        return { id: String(answerIndex), description: { "en-US": answer } };
      }),
      correctResponsesPattern: [String(Number(question.correct) - 1)],
    };
    statement.context = statement.context || {};
    statement.context.contextActivities = { parent: [{ id: parentId, objectType: "Activity" }] };
    var score = this.isCorrect(index) ? 1 : 0;
    event.setScoredResult(score, 1, this, true, score === 1);
    statement.result.response = String(this.answers[index]);
    this.trigger(event);
  };

  KnowledgeCheck.prototype.refreshSummary = function () {
    var self = this;
    this.$summary.empty();
    if (!this.isFinished()) return;
    $("<p>", {
      class: "h5p-bkc-score",
      text: this.l10n.score.replace(":score", this.getScore()).replace(":total", this.getMaxScore()),
    }).appendTo(this.$summary);
    $("<button>", { type: "button", class: "h5p-bkc-retry", text: this.l10n.retry })
      .on("click", function () {
        self.resetTask();
      })
      .appendTo(this.$summary);
  };

  KnowledgeCheck.prototype.isFinished = function () {
    return this.answers.length > 0 && this.answers.every(function (answer) {
      return answer !== null;
    });
  };

  KnowledgeCheck.prototype.getScore = function () {
    var self = this;
    return this.answers.filter(function (answer, index) {
      return self.isCorrect(index);
    }).length;
  };

  KnowledgeCheck.prototype.getMaxScore = function () {
    return this.questions.length;
  };

  KnowledgeCheck.prototype.getAnswerGiven = function () {
    return this.answers.some(function (answer) {
      return answer !== null;
    });
  };

  KnowledgeCheck.prototype.getCurrentState = function () {
    return { answers: this.answers.slice() };
  };

  KnowledgeCheck.prototype.resetTask = function () {
    this.answers = this.questions.map(function () {
      return null;
    });
    this.attach(this.$container);
    this.trigger("resize");
  };

  return KnowledgeCheck;
})(H5P.jQuery, H5P.EventDispatcher);
