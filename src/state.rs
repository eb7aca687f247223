//! The workspace state and its one reducer. `reduce` is pure, so every transition is
//! unit-tested natively. The table itself lives in the reader worker; the state keeps
//! what the page shows of it (an [`ImportView`]) and the forecast of every item, filled
//! in batch by batch by the forecast worker.

use std::rc::Rc;

use attune_engine::calendar::{NaiveDate, Period};
use attune_engine::forecast::consensus::{
    consensus, family_totals, grand_total, value_added, Change, ConsensusLine, FamilyOverride,
    FamilyTotals, ItemOverride, StatisticalLine, ValueAdded,
};
use attune_engine::forecast::pipeline::{
    read_pipeline, signal_for, weighted_demand, Blend, Pipeline,
};
use attune_engine::forecast::{Forecast, ForecastSettings, MethodChoice};
use attune_engine::import::dataset::DatasetImport;
use attune_engine::import::text::read_text;
use attune_engine::import::ImportError;
use attune_engine::plan::capacity::AllocationRule;
use attune_engine::series::Series;
use yew::Reducible;

use crate::capacity_state::{demand_table, CapacityState, Table};
use crate::inventory_state::{InventoryAction, InventoryState};
use crate::keep::Opened;
use crate::plan_state::{PlanAction, PlanEdit, PlanState};
use crate::scenario_state::{ScenarioAction, ScenarioState};
use crate::session::{ImportAnswer, ImportView};
use crate::text;
use crate::worker::ForecastReply;
use crate::workshop::{Phase, WorkshopAction, WorkshopState};

/// Items sent to the forecast worker at a time: small enough that progress moves and a
/// cancel takes effect quickly, large enough that messaging costs little.
pub const BATCH: usize = 100;

/// One item's forecast, or why it has none (in words).
pub type ItemForecast = Result<Rc<Forecast>, String>;

/// How far the forecasting of all items has got.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct Progress {
    /// Items to forecast.
    pub total: usize,
    /// Items answered.
    pub done: usize,
    /// The user stopped it.
    pub cancelled: bool,
}

impl Progress {
    /// Still working.
    #[must_use]
    pub fn running(&self) -> bool {
        !self.cancelled && self.done < self.total
    }
}

/// Everything the page shows.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct AppState {
    /// Today, from the browser (the engine has no clock): flags future periods.
    pub today: Option<NaiveDate>,
    /// The text in the paste box.
    pub text: String,
    /// The latest import request; answers to older ones are ignored.
    pub ticket: u64,
    /// What is being read ("Reading sales.xlsx…"), while the reader works.
    pub loading: Option<String>,
    /// The paste box's text before that read, which a cancel puts back.
    pub text_before_loading: Option<String>,
    /// Why the last file could not be read (the previous data stays).
    pub load_error: Option<String>,
    /// The table as read.
    pub view: Option<Rc<ImportView>>,
    /// The item shown.
    pub selected: usize,
    /// Its id, so that the same item stays shown when the table is re-read.
    pub selected_id: Option<String>,
    /// Bumped with every new dataset, so that late answers for older data are ignored.
    pub generation: u64,
    /// One entry per item, in dataset order: its forecast once answered.
    pub forecasts: Rc<Vec<Option<ItemForecast>>>,
    /// Forecasting progress.
    pub progress: Progress,
    /// Sales' overrides, by item and period (kept when the data is re-read).
    pub overrides: Rc<Vec<ItemOverride>>,
    /// The CRM pipeline export as pasted.
    pub pipeline_text: String,
    /// The pipeline as read.
    pub pipeline: Option<Rc<Result<Pipeline, ImportError>>>,
    /// How the pipeline meets the statistical forecast.
    pub blend: Blend,
    /// Sales' family totals, split down over the family's items.
    pub family_overrides: Rc<Vec<FamilyOverride>>,
    /// The family opened in the family view.
    pub family: Option<String>,
    /// Periods to forecast; `None` takes the calendar's usual horizon.
    pub horizon: Option<usize>,
    /// Season length; `None` takes it from the calendar.
    pub season_length: Option<usize>,
    /// The method for every item (automatic by default).
    pub method: MethodChoice,
    /// The aggregate plan and its strategies' results.
    pub plan: Rc<PlanState>,
    /// The rough-cut capacity tables.
    pub capacity: Rc<CapacityState>,
    /// Section 5: the inventory policy, the orders and the question.
    pub inventory: Rc<InventoryState>,
    /// The consensus of the previous data's forecast, kept when newer data arrives while
    /// sales had overridden something: the actuals that came in score the overrides
    /// (forecast value added).
    pub last_cycle: Rc<Vec<ConsensusLine>>,
    /// Edits that can be undone, the latest last.
    pub undo: Rc<Vec<Step>>,
    /// Edits undone that can be made again, the latest undone last.
    pub redo: Rc<Vec<Step>>,
    /// Saving, opening and sharing: what is going on and what the planner is told.
    pub keep: Rc<KeepState>,
    /// Section 7: the what-if scenarios.
    pub scenarios: Rc<ScenarioState>,
    /// Workshop mode, while it is on (see [`crate::workshop`]).
    pub workshop: Option<Rc<WorkshopState>>,
}

/// A group of items' lines (see [`AppState::group_lines`]).
struct GroupLines {
    index: Vec<usize>,
    pipeline: Vec<Vec<Option<f64>>>,
    consensus: Vec<ConsensusLine>,
}

/// The selected item's lines for the table and chart.
#[derive(Debug, Clone, PartialEq)]
pub struct ItemLines {
    /// The pipeline signal per forecast period (`None` where it has nothing).
    pub pipeline: Vec<Option<f64>>,
    /// Statistical (blended with the pipeline), override and consensus.
    pub consensus: ConsensusLine,
}

/// Every change to the state.
#[derive(Debug, Clone, PartialEq)]
pub enum Action {
    /// An import request went to the reader.
    ImportStarted {
        /// Its ticket.
        ticket: u64,
        /// What it reads, for the progress line.
        label: String,
        /// The paste box's new text, when the request is a paste.
        text: Option<String>,
    },
    /// The reader answered request `ticket`.
    ImportAnswered {
        /// The ticket.
        ticket: u64,
        /// The answer (boxed: a view is large beside the other actions).
        answer: Box<ImportAnswer>,
    },
    /// The planner cancelled the read under way: its answer is ignored, the page stays
    /// as it was before it (the reader is told to go back too).
    ImportCancelled,
    /// A file could not even be opened or fetched by the page.
    LoadFailed(String),
    /// Show another item.
    Select(usize),
    /// The forecast worker answered a batch.
    ForecastsDone {
        /// The dataset generation the batch was for.
        generation: u64,
        /// Index of the batch's first item.
        offset: usize,
        /// One reply per item of the batch.
        replies: Vec<ForecastReply>,
    },
    /// The user stopped the forecasting.
    Cancel,
    /// The horizon or season length changed (`None`: from the calendar): forecast again.
    SetForecastOptions {
        /// Periods to forecast.
        horizon: Option<usize>,
        /// Season length.
        season_length: Option<usize>,
        /// The method.
        method: MethodChoice,
    },
    /// Open a family's view (`None` closes it).
    OpenFamily(Option<String>),
    /// Sales set a family's total for a period (`None` removes it).
    SetFamilyOverride {
        /// The family.
        family: String,
        /// The period.
        period: Period,
        /// The total.
        total: Option<f64>,
    },
    /// A CRM pipeline export was pasted (empty text removes it).
    PipelineInput(String),
    /// How the pipeline meets the statistical forecast.
    SetBlend(Blend),
    /// Sales overrode an item's forecast for a period (`None` removes the override).
    SetOverride {
        /// The item.
        item: String,
        /// The period.
        period: Period,
        /// The change.
        change: Option<Change>,
    },
    /// Something happened to the aggregate plan.
    Plan(PlanAction),
    /// Take the aggregate plan's demand from the consensus forecast of every item.
    PlanFromForecast,
    /// A capacity table was pasted or edited.
    CapacityTable(Table, String),
    /// How scarce capacity is shared out.
    CapacityRule(AllocationRule),
    /// Take the capacity check's demand from the family forecasts.
    CapacityFromForecast,
    /// Something changed in the inventory and promises section.
    Inventory(InventoryAction),
    /// Take back the last edit.
    Undo,
    /// Make the last undone edit again.
    Redo,
    /// A saved, shared or kept workspace was read: it replaces the whole workspace.
    Restore {
        /// The workspace.
        opened: Box<Opened>,
        /// What the planner is told about it.
        notice: Notice,
    },
    /// Start again from an empty workspace.
    NewWorkspace,
    /// Saving, opening or sharing moved on.
    Keep(KeepAction),
    /// Something happened to the scenarios of section 7.
    Scenario(ScenarioAction),
    /// Workshop mode: start, reset, walk through, leave.
    Workshop(WorkshopAction),
}

impl AppState {
    /// A fresh workspace that knows today's date.
    #[must_use]
    pub fn new(today: Option<NaiveDate>) -> Self {
        Self {
            today,
            ..Self::default()
        }
    }

    /// A new generation of forecasts for `count` items: all pending, none done.
    fn forecast_again(self, count: usize) -> Self {
        Self {
            generation: self.generation + 1,
            forecasts: Rc::new(vec![None; count]),
            progress: Progress {
                total: count,
                done: 0,
                cancelled: false,
            },
            ..self
        }
    }

    /// The import, when it succeeded.
    #[must_use]
    pub fn dataset(&self) -> Option<&DatasetImport> {
        self.view.as_deref()?.import.as_ref().ok()
    }

    /// What the forecast worker has to do for the current dataset: every item's history
    /// and the settings, or nothing when there is no dataset.
    #[must_use]
    pub fn forecast_job(&self) -> Option<(Vec<Series>, ForecastSettings)> {
        let import = self.dataset()?;
        let series: Vec<Series> = import.dataset.items.iter().map(|i| i.to_series()).collect();
        let settings = ForecastSettings {
            horizon: self
                .horizon
                .unwrap_or_else(|| import.dataset.granularity.default_horizon()),
            season_length: self.season_length,
            method: self.method,
            backtest: true,
            ..ForecastSettings::default()
        };
        (!series.is_empty()).then_some((series, settings))
    }

    /// The consensus of a group of items (indices into the dataset): each statistical
    /// forecast blended with the pipeline, then item and family overrides. Returns the
    /// items that have a forecast, their pipeline signal, and their consensus lines.
    fn group_lines(&self, members: &[usize]) -> Option<GroupLines> {
        let import = self.dataset()?;
        let items = &import.dataset.items;
        let (index, lines): (Vec<usize>, Vec<StatisticalLine>) = members
            .iter()
            .filter_map(|&i| {
                let f = self.forecasts.get(i)?.as_ref()?.as_ref().ok()?;
                let it = items.get(i)?;
                Some((
                    i,
                    StatisticalLine {
                        item: it.id.clone(),
                        family: it.family.clone(),
                        start: f.start,
                        point: f.point.clone(),
                    },
                ))
            })
            .unzip();
        if lines.is_empty() {
            return None;
        }
        let pipeline = match self.pipeline.as_deref() {
            Some(Ok(p)) => {
                let price = |target: &str| {
                    items
                        .iter()
                        .find(|i| i.id == target || i.family.as_deref() == Some(target))
                        .and_then(|i| i.price)
                };
                let (signal, _) = weighted_demand(p, import.dataset.granularity, price);
                signal_for(&lines, &signal)
            }
            _ => lines.iter().map(|l| vec![None; l.point.len()]).collect(),
        };
        let blended: Vec<StatisticalLine> = lines
            .into_iter()
            .zip(&pipeline)
            .map(|(l, p)| StatisticalLine {
                point: l
                    .point
                    .iter()
                    .zip(p)
                    .map(|(s, p)| self.blend.apply(*s, *p))
                    .collect(),
                ..l
            })
            .collect();
        let (consensus, _) = consensus(&blended, &self.overrides, &self.family_overrides);
        Some(GroupLines {
            index,
            pipeline,
            consensus,
        })
    }

    /// Items of `family` (or just item `i` when it has none).
    fn members(&self, family: Option<&str>, i: usize) -> Vec<usize> {
        let Some(import) = self.dataset() else {
            return Vec::new();
        };
        match family {
            Some(f) => (0..import.dataset.items.len())
                .filter(|&j| import.dataset.items[j].family.as_deref() == Some(f))
                .collect(),
            None => vec![i],
        }
    }

    /// The selected item's pipeline signal, and its statistical forecast (blended with the
    /// pipeline), override and consensus side by side.
    #[must_use]
    pub fn selected_lines(&self) -> Option<ItemLines> {
        let item = self.dataset()?.dataset.items.get(self.selected)?;
        let group = self.group_lines(&self.members(item.family.as_deref(), self.selected))?;
        let at = group.index.iter().position(|&i| i == self.selected)?;
        Some(ItemLines {
            pipeline: group.pipeline[at].clone(),
            consensus: group.consensus[at].clone(),
        })
    }

    /// The open family's totals (statistical and consensus), once its items are forecast.
    #[must_use]
    pub fn family_totals(&self) -> Option<FamilyTotals> {
        let family = self.family.as_deref()?;
        let group = self.group_lines(&self.members(Some(family), 0))?;
        family_totals(&group.consensus).into_iter().next()
    }

    /// The consensus of every item summed period by period: the demand an aggregate plan
    /// starts from. `None` until some item is forecast.
    #[must_use]
    pub fn total_consensus(&self) -> Option<FamilyTotals> {
        let items = self.dataset()?.dataset.items.len();
        let group = self.group_lines(&(0..items).collect::<Vec<_>>())?;
        grand_total(&group.consensus)
    }

    /// Every item's consensus, when sales overrode anything (else there is nothing for
    /// the next data to score).
    fn cycle_snapshot(&self) -> Option<Vec<ConsensusLine>> {
        if self.overrides.is_empty() && self.family_overrides.is_empty() {
            return None;
        }
        let items = self.dataset()?.dataset.items.len();
        let lines = self.group_lines(&(0..items).collect::<Vec<_>>())?.consensus;
        lines
            .iter()
            .any(|l| l.overridden.iter().any(Option::is_some))
            .then_some(lines)
    }

    /// How sales' overrides of the previous forecast did against the actuals that have
    /// come in for the selected item, with the periods compared; `None` before any
    /// override meets an actual.
    #[must_use]
    pub fn selected_value_added(&self) -> Option<(usize, ValueAdded)> {
        let import = self.dataset()?;
        let item = import.dataset.items.get(self.selected)?;
        let line = self.last_cycle.iter().find(|l| l.item == item.id)?;
        let history = item.to_series();
        let offset = usize::try_from(history.start.steps_until(line.start)?).ok()?;
        let actuals: Vec<Option<f64>> = (0..line.consensus.len())
            .map(|i| {
                let overridden = line.overridden.get(i).copied().flatten().is_some();
                history
                    .values
                    .get(offset + i)
                    .copied()
                    .filter(|_| overridden)
            })
            .collect();
        let before = &history.values[..offset.min(history.values.len())];
        let m = import.dataset.granularity.season_length();
        let fva = value_added(line, &actuals, before, m)?;
        Some((actuals.iter().flatten().count(), fva))
    }

    /// The consensus of every family, summed over its items.
    #[must_use]
    pub fn all_family_totals(&self) -> Vec<FamilyTotals> {
        let Some(import) = self.dataset() else {
            return Vec::new();
        };
        let all: Vec<usize> = (0..import.dataset.items.len()).collect();
        self.group_lines(&all)
            .map(|g| family_totals(&g.consensus))
            .unwrap_or_default()
    }

    /// The selected item's forecast, once answered.
    #[must_use]
    pub fn selected_forecast(&self) -> Option<&ItemForecast> {
        self.forecasts.get(self.selected)?.as_ref()
    }
}

/// What the planner has edited (as opposed to data read or results computed): the part
/// of the state that undo and redo restore.
#[derive(Debug, Clone, PartialEq)]
pub struct Edits {
    overrides: Rc<Vec<ItemOverride>>,
    family_overrides: Rc<Vec<FamilyOverride>>,
    pipeline_text: String,
    pipeline: Option<Rc<Result<Pipeline, ImportError>>>,
    blend: Blend,
    plan: Rc<PlanState>,
    capacity: Rc<CapacityState>,
    inventory: Rc<InventoryState>,
    scenarios: Rc<ScenarioState>,
}

/// An edit that can be undone: what it was, in words, and the edits before it.
#[derive(Debug, Clone, PartialEq)]
pub struct Step {
    /// "override of P-1 in 2025-01".
    pub label: String,
    edits: Edits,
}

/// How many edits can be undone.
pub const UNDO_DEPTH: usize = 100;

impl Action {
    /// The edit this action makes, in words; `None` for what is not a planner's edit
    /// (reading data, answers from workers, navigation).
    fn edit_label(&self) -> Option<String> {
        Some(match self {
            Self::SetOverride { item, period, .. } => {
                text::undo::override_of(item, &period.to_string())
            }
            Self::SetFamilyOverride { family, period, .. } => {
                text::undo::family_total(family, &period.to_string())
            }
            Self::PipelineInput(_) => text::undo::PIPELINE.into(),
            Self::SetBlend(_) => text::undo::PIPELINE_BLEND.into(),
            Self::Plan(PlanAction::Edit(_)) => text::undo::PLAN_INPUT.into(),
            Self::PlanFromForecast => text::undo::PLAN_DEMAND_FROM_THE_FORECAST.into(),
            Self::CapacityTable(..) => text::undo::CAPACITY_TABLE.into(),
            Self::CapacityRule(_) => text::undo::ALLOCATION_RULE.into(),
            Self::CapacityFromForecast => text::undo::CAPACITY_DEMAND_FROM_THE_FORECAST.into(),
            Self::Inventory(InventoryAction::Orders(_)) => text::undo::ORDERS.into(),
            Self::Inventory(InventoryAction::Ask(..)) => text::undo::PROMISE_QUESTION.into(),
            Self::Inventory(_) => text::undo::INVENTORY_POLICY.into(),
            Self::Scenario(ScenarioAction::Add) => text::undo::NEW_SCENARIO.into(),
            Self::Scenario(ScenarioAction::Rename(..)) => text::undo::SCENARIO_NAME.into(),
            Self::Scenario(ScenarioAction::Remove(_)) => text::undo::SCENARIO_REMOVAL.into(),
            Self::Scenario(
                ScenarioAction::Set(..)
                | ScenarioAction::SetFamily(..)
                | ScenarioAction::SetShiftResource(..),
            ) => text::undo::SCENARIO_LEVER.into(),
            Self::Workshop(WorkshopAction::Start(_)) => text::undo::WORKSHOP_START.into(),
            Self::Workshop(WorkshopAction::Reset) => text::undo::WORKSHOP_RESET.into(),
            _ => return None,
        })
    }
}

impl AppState {
    fn edits(&self) -> Edits {
        Edits {
            overrides: self.overrides.clone(),
            family_overrides: self.family_overrides.clone(),
            pipeline_text: self.pipeline_text.clone(),
            pipeline: self.pipeline.clone(),
            blend: self.blend,
            plan: self.plan.clone(),
            capacity: self.capacity.clone(),
            inventory: self.inventory.clone(),
            scenarios: self.scenarios.clone(),
        }
    }

    /// The state with `edits` put back. The plan gets a new ticket, so it is solved
    /// again and no late answer for another input can land on it.
    fn restore(&self, edits: Edits) -> Self {
        Self {
            overrides: edits.overrides,
            family_overrides: edits.family_overrides,
            pipeline_text: edits.pipeline_text,
            pipeline: edits.pipeline,
            blend: edits.blend,
            plan: Rc::new(PlanState {
                ticket: self.plan.ticket.max(edits.plan.ticket) + 1,
                ..(*edits.plan).clone()
            }),
            capacity: edits.capacity,
            inventory: edits.inventory,
            scenarios: Rc::new(edits.scenarios.solve_again(self.scenarios.last_ticket)),
            ..self.clone()
        }
    }

    /// Moves one step from `from` to `to` (undo: past to future; redo: the reverse).
    fn travel(self: Rc<Self>, back: bool) -> Rc<Self> {
        let (from, to) = if back {
            (&self.undo, &self.redo)
        } else {
            (&self.redo, &self.undo)
        };
        let Some(step) = from.last().cloned() else {
            return self;
        };
        let mut from = (**from).clone();
        from.pop();
        let mut to = (**to).clone();
        to.push(Step {
            label: step.label,
            edits: self.edits(),
        });
        let (undo, redo) = if back { (from, to) } else { (to, from) };
        Rc::new(Self {
            undo: Rc::new(undo),
            redo: Rc::new(redo),
            ..self.restore(step.edits)
        })
    }
}

impl Reducible for AppState {
    type Action = Action;

    fn reduce(self: Rc<Self>, action: Action) -> Rc<Self> {
        let next = self.clone().reduced(action);
        let next = next.workshop_primed();
        // The scenarios are the base plan with levers: a new base plan solves them again.
        if Rc::ptr_eq(&next.plan.input, &self.plan.input) || next.scenarios.list.is_empty() {
            return next;
        }
        let scenarios = Rc::new(next.scenarios.solve_again(0));
        Rc::new(Self {
            scenarios,
            ..(*next).clone()
        })
    }
}

impl AppState {
    /// [`Reducible::reduce`] before the scenarios follow the base plan.
    fn reduced(self: Rc<Self>, action: Action) -> Rc<Self> {
        match action {
            Action::Undo => self.travel(true),
            Action::Redo => self.travel(false),
            action => {
                let Some(label) = action.edit_label() else {
                    return self.apply(action);
                };
                let before = self.edits();
                let next = self.apply(action);
                if next.edits() == before {
                    return next;
                }
                let mut undo = (*next.undo).clone();
                undo.push(Step {
                    label,
                    edits: before,
                });
                if undo.len() > UNDO_DEPTH {
                    undo.remove(0);
                }
                Rc::new(Self {
                    undo: Rc::new(undo),
                    redo: Rc::default(),
                    ..(*next).clone()
                })
            }
        }
    }
}

impl AppState {
    /// The state after `action`, without touching the undo history.
    fn apply(self: Rc<Self>, action: Action) -> Rc<Self> {
        let state = (*self).clone();
        Rc::new(match action {
            Action::ImportStarted {
                ticket,
                label,
                text,
            } => Self {
                ticket,
                loading: Some(label),
                load_error: None,
                text_before_loading: Some(
                    state
                        .text_before_loading
                        .clone()
                        .filter(|_| state.loading.is_some())
                        .unwrap_or_else(|| state.text.clone()),
                ),
                text: text.unwrap_or(state.text.clone()),
                ..state
            },
            Action::ImportCancelled => {
                if state.loading.is_none() {
                    return self;
                }
                Self {
                    // With nothing being read, the cancelled read's answer is dropped.
                    loading: None,
                    text: state
                        .text_before_loading
                        .clone()
                        .unwrap_or(state.text.clone()),
                    text_before_loading: None,
                    ..state
                }
            }
            Action::ImportAnswered { ticket, answer } => {
                if ticket != self.ticket || self.loading.is_none() {
                    return self;
                }
                match *answer {
                    Err(e) => Self {
                        loading: None,
                        load_error: Some(e.to_string()),
                        ..state
                    },
                    Ok(view) => {
                        let view = view.map(Rc::new);
                        let items = view
                            .as_deref()
                            .and_then(|v| v.import.as_ref().ok())
                            .map(|d| &d.dataset.items);
                        let count = items.map_or(0, Vec::len);
                        let selected = items
                            .and_then(|items| {
                                items
                                    .iter()
                                    .position(|i| Some(&i.id) == state.selected_id.as_ref())
                            })
                            .unwrap_or(0);
                        // A file or sample leaves the paste box; a paste keeps its text.
                        let text = if view.as_deref().is_some_and(|v| v.name != "pasted") {
                            String::new()
                        } else {
                            state.text.clone()
                        };
                        let last_cycle = self
                            .cycle_snapshot()
                            .map_or_else(|| state.last_cycle.clone(), Rc::new);
                        Self {
                            loading: None,
                            view,
                            selected,
                            text,
                            last_cycle,
                            ..state
                        }
                        .forecast_again(count)
                    }
                }
            }
            Action::LoadFailed(message) => Self {
                loading: None,
                load_error: Some(message),
                ..state
            },
            Action::Select(i) => {
                let Some(item) = self.dataset().and_then(|d| d.dataset.items.get(i)) else {
                    return self;
                };
                if i == self.selected {
                    return self;
                }
                Self {
                    selected: i,
                    selected_id: Some(item.id.clone()),
                    ..state
                }
            }
            Action::ForecastsDone {
                generation,
                offset,
                replies,
            } => {
                if generation != self.generation {
                    return self;
                }
                let mut forecasts = (*self.forecasts).clone();
                let mut answered = 0;
                for (i, reply) in replies.into_iter().enumerate() {
                    if let Some(slot) = forecasts.get_mut(offset + i) {
                        answered += usize::from(slot.is_none());
                        *slot = Some(reply.map(Rc::new).map_err(|e| e.to_string()));
                    }
                }
                let progress = Progress {
                    done: (self.progress.done + answered).min(self.progress.total),
                    ..self.progress
                };
                Self {
                    forecasts: Rc::new(forecasts),
                    progress,
                    ..state
                }
            }
            Action::SetForecastOptions {
                horizon,
                season_length,
                method,
            } => {
                if horizon == self.horizon
                    && season_length == self.season_length
                    && method == self.method
                {
                    return self;
                }
                let count = self.forecasts.len();
                Self {
                    horizon,
                    season_length,
                    method,
                    ..state
                }
                .forecast_again(count)
            }
            Action::OpenFamily(family) => Self { family, ..state },
            Action::SetFamilyOverride {
                family,
                period,
                total,
            } => {
                let mut list: Vec<FamilyOverride> = self
                    .family_overrides
                    .iter()
                    .filter(|o| !(o.family == family && o.period == period))
                    .cloned()
                    .collect();
                if let Some(total) = total {
                    list.push(FamilyOverride {
                        family,
                        period,
                        total,
                    });
                }
                Self {
                    family_overrides: Rc::new(list),
                    ..state
                }
            }
            Action::PipelineInput(text) => {
                let pipeline =
                    (!text.trim().is_empty()).then(|| Rc::new(read_pipeline(&read_text(&text))));
                Self {
                    pipeline_text: text,
                    pipeline,
                    ..state
                }
            }
            Action::SetBlend(blend) => Self { blend, ..state },
            Action::Plan(action) => Self {
                plan: Rc::new(state.plan.apply(action)),
                ..state
            },
            Action::CapacityTable(table, text) => Self {
                capacity: Rc::new(state.capacity.with_table(table, text)),
                ..state
            },
            Action::CapacityRule(rule) => Self {
                capacity: Rc::new(CapacityState {
                    rule,
                    ..(*state.capacity).clone()
                }),
                ..state
            },
            Action::CapacityFromForecast => {
                let families = state.all_family_totals();
                let Some(first) = families.first() else {
                    return self;
                };
                let periods: Vec<String> = (0..first.consensus.len())
                    .map(|i| {
                        first
                            .start
                            .offset(i64::try_from(i).unwrap_or(0))
                            .to_string()
                    })
                    .collect();
                let rows: Vec<(String, Vec<f64>)> = families
                    .iter()
                    .map(|f| (f.family.clone(), f.consensus.clone()))
                    .collect();
                Self {
                    capacity: Rc::new(
                        state
                            .capacity
                            .with_table(Table::Demand, demand_table(&periods, &rows)),
                    ),
                    ..state
                }
            }
            Action::Inventory(action) => Self {
                inventory: Rc::new(state.inventory.apply(action)),
                ..state
            },
            Action::Undo => return self.travel(true),
            Action::Redo => return self.travel(false),
            Action::Restore { opened, notice } => state.restored(*opened, notice),
            Action::NewWorkspace => state.restored(
                Opened::empty(),
                Notice::Told(text::undo::NEW_WORKSPACE.into()),
            ),
            Action::Keep(action) => Self {
                keep: Rc::new(state.keep.apply(action)),
                ..state
            },
            Action::Scenario(action) => Self {
                scenarios: Rc::new(state.scenarios.apply(action)),
                ..state
            },
            Action::Workshop(action) => state.workshop(action),
            Action::PlanFromForecast => {
                let Some(total) = state.total_consensus() else {
                    return self;
                };
                let periods = (0..total.consensus.len())
                    .map(|i| {
                        total
                            .start
                            .offset(i64::try_from(i).unwrap_or(0))
                            .to_string()
                    })
                    .collect();
                let edit = PlanEdit::UseDemand {
                    periods,
                    demand: total.consensus,
                };
                Self {
                    plan: Rc::new(state.plan.apply(PlanAction::Edit(edit))),
                    ..state
                }
            }
            Action::SetOverride {
                item,
                period,
                change,
            } => {
                let mut overrides: Vec<ItemOverride> = self
                    .overrides
                    .iter()
                    .filter(|o| !(o.item == item && o.period == period))
                    .cloned()
                    .collect();
                if let Some(change) = change {
                    overrides.push(ItemOverride {
                        item,
                        period,
                        change,
                    });
                }
                Self {
                    overrides: Rc::new(overrides),
                    ..state
                }
            }
            Action::Cancel => {
                if !self.progress.running() {
                    return self;
                }
                Self {
                    progress: Progress {
                        cancelled: true,
                        ..self.progress
                    },
                    ..state
                }
            }
        })
    }
}

/// Saving, opening and sharing on the page: what is going on and what the planner is
/// told.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct KeepState {
    /// "Saving…", "Opening sales.attune.json…".
    pub busy: Option<String>,
    /// What the planner is told.
    pub notice: Option<Notice>,
    /// The last share link made.
    pub link: Option<String>,
    /// It is on the clipboard too.
    pub copied: bool,
}

/// What the planner is told about keeping the workspace.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Notice {
    /// The workspace kept in the browser was restored; it was kept at this time.
    Restored(String),
    /// Something went well ("Opened sales.attune.json.").
    Told(String),
    /// Something could not be done, in the engine's words (the workspace is unchanged).
    Problem(String),
}

/// A step of saving, opening or sharing.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum KeepAction {
    /// Work started.
    Busy(String),
    /// Work finished with this to say (`None`: nothing).
    Done(Option<Notice>),
    /// A share link was made; `true` once it is on the clipboard too.
    Shared(String, bool),
    /// The planner closed the notice.
    Dismiss,
}

impl KeepState {
    /// The state after `action`.
    #[must_use]
    pub fn apply(&self, action: KeepAction) -> Self {
        match action {
            KeepAction::Busy(what) => Self {
                busy: Some(what),
                notice: None,
                ..self.clone()
            },
            KeepAction::Done(notice) => Self {
                busy: None,
                notice,
                ..self.clone()
            },
            KeepAction::Shared(link, copied) => Self {
                busy: None,
                notice: None,
                link: Some(link),
                copied,
            },
            KeepAction::Dismiss => Self {
                busy: self.busy.clone(),
                ..Self::default()
            },
        }
    }
}

impl AppState {
    /// A fresh workspace holding `opened`: nothing to undo, everything forecast and
    /// planned again; late answers for the workspace it replaces are ignored.
    fn restored(self, mut opened: Opened, notice: Notice) -> Self {
        let view = std::mem::replace(&mut opened.view, Ok(None)).ok().flatten();
        let count = view
            .as_ref()
            .and_then(|v| v.import.as_ref().ok())
            .map_or(0, |d| d.dataset.items.len());
        let plan = PlanState {
            input: Rc::new(
                opened
                    .plan_input()
                    .unwrap_or_else(crate::plan_state::example),
            ),
            ticket: self.plan.ticket + 1,
            ..PlanState::default()
        };
        let pipeline = (!opened.pipeline.trim().is_empty())
            .then(|| Rc::new(read_pipeline(&read_text(&opened.pipeline))));
        let capacity = opened.capacity_state().unwrap_or_default();
        let inventory = opened.inventory_state();
        let scenarios = std::mem::take(&mut opened.scenarios);
        let selected_id = view
            .as_ref()
            .and_then(|v| v.import.as_ref().ok())
            .and_then(|d| d.dataset.items.first())
            .map(|i| i.id.clone());
        Self {
            today: self.today,
            ticket: self.ticket + 1,
            generation: self.generation,
            view: view.map(Rc::new),
            selected_id,
            horizon: opened.horizon,
            season_length: opened.season_length,
            method: opened.method,
            overrides: Rc::new(opened.overrides),
            family_overrides: Rc::new(opened.family_overrides),
            pipeline_text: opened.pipeline,
            pipeline,
            blend: opened.blend,
            plan: Rc::new(plan),
            capacity: Rc::new(capacity),
            inventory: Rc::new(inventory),
            keep: Rc::new(KeepState {
                notice: Some(notice),
                ..KeepState::default()
            }),
            // The workspace's scenarios, each solved again; tickets are never given out
            // twice.
            scenarios: Rc::new(ScenarioState::from_kept(
                &scenarios,
                self.scenarios.last_ticket,
            )),
            ..Self::default()
        }
        .forecast_again(count)
    }

    /// Every item's forecast answered so far, in dataset order.
    #[must_use]
    pub fn answered_forecasts(&self) -> Vec<Forecast> {
        self.forecasts
            .iter()
            .filter_map(|f| f.as_ref()?.as_ref().ok())
            .map(|f| (**f).clone())
            .collect()
    }

    /// Every forecast item's consensus (statistical blended with the pipeline, then the
    /// overrides), in dataset order.
    #[must_use]
    pub fn all_consensus(&self) -> Vec<ConsensusLine> {
        let Some(import) = self.dataset() else {
            return Vec::new();
        };
        let all: Vec<usize> = (0..import.dataset.items.len()).collect();
        self.group_lines(&all)
            .map(|g| g.consensus)
            .unwrap_or_default()
    }
}

// Workshop mode (src/workshop.rs): starting from a sample, priming, resetting.
impl AppState {
    /// The edits of a fresh workspace; tickets go on from this one's.
    fn cleared_edits(&self) -> Edits {
        Edits {
            overrides: Rc::default(),
            family_overrides: Rc::default(),
            pipeline_text: String::new(),
            pipeline: None,
            blend: Blend::default(),
            plan: Rc::new(PlanState::default()),
            capacity: Rc::default(),
            inventory: Rc::default(),
            scenarios: Rc::new(ScenarioState {
                last_ticket: self.scenarios.last_ticket,
                ..ScenarioState::default()
            }),
        }
    }

    /// The state with `edits` put back, unless it has them already (tickets and the
    /// workers' answers aside): then nothing is solved again and nothing is an edit.
    fn with_edits(self, edits: Edits) -> Self {
        if edits.settled() == self.edits().settled() {
            self
        } else {
            self.restore(edits)
        }
    }

    /// The state after a workshop action.
    fn workshop(self, action: WorkshopAction) -> Self {
        let resets = self.workshop.as_ref().map_or(0, |w| w.resets) + 1;
        let walk = |state: &Self, f: &dyn Fn(&mut WorkshopState)| {
            state.workshop.as_deref().map(|w| {
                let mut w = w.clone();
                f(&mut w);
                Rc::new(w)
            })
        };
        match action {
            WorkshopAction::Start(sample) => {
                let (after, cleared) = (self.ticket, self.cleared_edits());
                Self {
                    workshop: Some(Rc::new(WorkshopState::starting(sample, after, resets))),
                    horizon: None,
                    season_length: None,
                    method: MethodChoice::Auto,
                    load_error: None,
                    family: None,
                    selected_id: None,
                    ..self.with_edits(cleared)
                }
            }
            WorkshopAction::Reset => {
                let Some(w) = self.workshop.clone() else {
                    return self;
                };
                let Some(start) = w.start.clone() else {
                    return self.workshop(WorkshopAction::Start(w.sample));
                };
                let same_data = self.loading.is_none()
                    && self
                        .view
                        .as_deref()
                        .is_some_and(|v| v.name == w.sample && v.import.is_ok());
                let default_options = self.horizon.is_none()
                    && self.season_length.is_none()
                    && self.method == MethodChoice::Auto;
                let (count, first) = (
                    self.forecasts.len(),
                    self.dataset()
                        .and_then(|d| d.dataset.items.first())
                        .map(|i| i.id.clone()),
                );
                let mut next = Self {
                    horizon: None,
                    season_length: None,
                    method: MethodChoice::Auto,
                    load_error: None,
                    family: None,
                    selected: 0,
                    selected_id: first,
                    ..self.with_edits(start)
                };
                if same_data && !default_options {
                    next = next.forecast_again(count);
                }
                let phase = if same_data {
                    Phase::Ready
                } else {
                    Phase::Load {
                        after: next.ticket,
                        prime: false,
                    }
                };
                Self {
                    workshop: Some(Rc::new(WorkshopState {
                        stop: 0,
                        open: true,
                        phase,
                        resets,
                        ..(*w).clone()
                    })),
                    ..next
                }
            }
            WorkshopAction::Go(stop) => Self {
                workshop: walk(&self, &|w| {
                    w.stop = stop.min(crate::workshop::Stop::ALL.len() - 1);
                }),
                ..self
            },
            WorkshopAction::Open(open) => Self {
                workshop: walk(&self, &|w| w.open = open),
                ..self
            },
            WorkshopAction::Leave => Self {
                workshop: None,
                ..self
            },
        }
    }

    /// Once the workshop's sample is read (and, when it is to be primed, every item
    /// forecast), the plan takes its demand from the forecast, as the button does, and
    /// those edits become the starting state. A failed read, or other data read
    /// meanwhile, ends the wait without priming.
    fn workshop_primed(self: Rc<Self>) -> Rc<Self> {
        let Some(w) = self.workshop.as_deref() else {
            return self;
        };
        let Phase::Load { after, prime } = w.phase else {
            return self;
        };
        let failed = self.loading.is_none() && self.load_error.is_some();
        if !failed && (self.ticket <= after || self.loading.is_some()) {
            return self;
        }
        let ours = !failed
            && self.dataset().is_some()
            && self.view.as_deref().is_some_and(|v| v.name == w.sample);
        if ours && prime && self.progress.running() {
            return self;
        }
        let mut w = w.clone();
        w.phase = Phase::Ready;
        let next = if ours && prime {
            let primed = self.apply(Action::PlanFromForecast);
            w.start = Some(primed.edits());
            primed
        } else {
            self
        };
        Rc::new(Self {
            workshop: Some(Rc::new(w)),
            ..(*next).clone()
        })
    }
}

impl Edits {
    /// The edits without what the workers answer or the tickets that route their answers.
    fn settled(&self) -> Self {
        let mut e = self.clone();
        e.plan = Rc::new(PlanState {
            ticket: 0,
            plans: None,
            ..(*e.plan).clone()
        });
        e.scenarios = Rc::new(ScenarioState {
            list: e
                .scenarios
                .list
                .iter()
                .map(|s| crate::scenario_state::Scenario {
                    ticket: 0,
                    plans: None,
                    ..s.clone()
                })
                .collect(),
            selected: e.scenarios.selected,
            last_ticket: 0,
        });
        e
    }
}

#[cfg(test)]
pub(crate) mod tests {
    use super::*;
    use crate::session::{ImportRequest, ImportSession};
    use crate::worker::{run, ForecastRequest};
    use attune_engine::import::mapping::Role;

    const PASTE: &str = "Month\tUnits\n2024-01\t10\n2024-02\t12\n2024-03\t11\n";

    /// Plays a request through a session the way the page does: started, then answered.
    fn import(
        state: Rc<AppState>,
        session: &mut ImportSession,
        request: ImportRequest,
    ) -> Rc<AppState> {
        let ticket = state.ticket + 1;
        let text = match &request {
            ImportRequest::Paste { text, .. } => Some(text.clone()),
            _ => None,
        };
        let state = state.reduce(Action::ImportStarted {
            ticket,
            label: "Reading".into(),
            text,
        });
        state.reduce(Action::ImportAnswered {
            ticket,
            answer: Box::new(session.handle(request)),
        })
    }

    fn paste(state: Rc<AppState>, session: &mut ImportSession, text: &str) -> Rc<AppState> {
        import(
            state,
            session,
            ImportRequest::Paste {
                text: text.into(),
                today: None,
            },
        )
    }

    /// Runs the forecast job the way the page does: batch by batch.
    pub(crate) fn forecast_all(mut state: Rc<AppState>) -> Rc<AppState> {
        let (series, settings) = state.forecast_job().unwrap();
        for (k, chunk) in series.chunks(BATCH).enumerate() {
            let replies = run(&ForecastRequest {
                series: chunk.to_vec(),
                settings: settings.clone(),
            });
            let generation = state.generation;
            state = state.reduce(Action::ForecastsDone {
                generation,
                offset: k * BATCH,
                replies,
            });
        }
        state
    }

    #[test]
    fn paste_imports_and_asks_for_every_forecast() {
        let s = paste(Rc::default(), &mut ImportSession::default(), PASTE);
        assert_eq!(s.generation, 1);
        assert_eq!(s.text, PASTE);
        assert_eq!(
            s.progress,
            Progress {
                total: 1,
                done: 0,
                cancelled: false
            }
        );
        let (series, settings) = s.forecast_job().unwrap();
        assert_eq!(series[0].values, [10.0, 12.0, 11.0]);
        assert_eq!(series[0].id, "pasted");
        assert_eq!(settings.horizon, 12);
        assert!(settings.backtest);
        let done = forecast_all(s);
        assert!(!done.progress.running());
        let f = done.selected_forecast().unwrap().as_ref().unwrap();
        assert_eq!(f.point.len(), 12);
    }

    #[test]
    fn batches_fill_in_order_and_stale_answers_are_ignored() {
        let mut text = String::from("sku\tmonth\tqty\n");
        for i in 0..250 {
            text.push_str(&format!("S{i}\t2024-01\t{i}\nS{i}\t2024-02\t{}\n", i + 1));
        }
        let mut session = ImportSession::default();
        let s = paste(Rc::default(), &mut session, &text);
        assert_eq!(s.progress.total, 250);
        let stale = s.clone().reduce(Action::ForecastsDone {
            generation: 0,
            offset: 0,
            replies: vec![],
        });
        assert!(Rc::ptr_eq(&stale, &s));
        let done = forecast_all(s);
        assert_eq!(done.progress.done, 250);
        let f = done.forecasts[249].as_ref().unwrap().as_ref().unwrap();
        assert_eq!((f.series_id.as_str(), f.point[0]), ("S249", 250.0));
    }

    #[test]
    fn newer_data_scores_the_overrides_forecast_value_added() {
        let mut session = ImportSession::default();
        let s = forecast_all(paste(Rc::default(), &mut session, PASTE));
        // Statistical 11 for April and May (naive); sales say 20 for April.
        let s = s.reduce(Action::SetOverride {
            item: "pasted".into(),
            period: Period::month(2024, 4),
            change: Some(Change::Set(20.0)),
        });
        assert!(s.selected_value_added().is_none(), "no actuals yet");
        // April's actual comes in at 18: the override missed by 2, the statistical by 7.
        let s = forecast_all(paste(s, &mut session, &format!("{PASTE}2024-04\t18\n")));
        let (n, fva) = s.selected_value_added().unwrap();
        assert_eq!(n, 1, "only overridden periods are scored");
        assert_eq!(
            (fva.statistical.mae, fva.consensus.mae, fva.mae_gain),
            (7.0, 2.0, 5.0)
        );
    }

    #[test]
    fn every_edit_can_be_undone_and_redone() {
        let s = forecast_all(paste(Rc::default(), &mut ImportSession::default(), PASTE));
        assert!(s.undo.is_empty(), "reading data is not an edit");
        let april = Period::month(2024, 4);
        let s = s.reduce(Action::SetOverride {
            item: "pasted".into(),
            period: april,
            change: Some(Change::Set(20.0)),
        });
        let s = s.reduce(Action::Plan(PlanAction::Edit(PlanEdit::Integer(false))));
        assert_eq!(s.undo.len(), 2);
        assert_eq!(s.undo[1].label, "plan input");
        // Undo the plan edit: the input comes back with a new ticket (solved again).
        let ticket = s.plan.ticket;
        let s = s.reduce(Action::Undo);
        assert!(s.plan.input.integer);
        assert!(s.plan.ticket > ticket);
        // Undo the override; then there is nothing left to undo.
        let s = s.reduce(Action::Undo);
        assert!(s.overrides.is_empty());
        assert_eq!(s.clone().reduce(Action::Undo), s, "nothing to undo");
        assert_eq!(s.redo.len(), 2);
        assert_eq!(s.redo[1].label, "override of pasted in 2024-04");
        // Redo brings the override back; a new edit forgets what could be redone.
        let s = s.reduce(Action::Redo);
        assert_eq!(s.overrides.len(), 1);
        let s = s.reduce(Action::SetBlend(Blend::Max));
        assert!(s.redo.is_empty());
        // An action that changes nothing is not an edit.
        let n = s.undo.len();
        assert_eq!(s.reduce(Action::SetBlend(Blend::Max)).undo.len(), n);
    }

    #[test]
    fn overrides_make_the_consensus_and_can_be_removed() {
        let s = forecast_all(paste(Rc::default(), &mut ImportSession::default(), PASTE));
        let april = Period::month(2024, 4);
        let s = s.reduce(Action::SetOverride {
            item: "pasted".into(),
            period: april,
            change: Some(Change::Set(20.0)),
        });
        let s = s.reduce(Action::SetOverride {
            item: "pasted".into(),
            period: april.offset(1),
            change: Some(Change::Percent(50.0)),
        });
        let line = s.selected_lines().unwrap().consensus;
        assert_eq!(line.statistical[..2], [11.0, 11.0]);
        assert_eq!(line.consensus[..3], [20.0, 16.5, 11.0]);
        let s = s.reduce(Action::SetOverride {
            item: "pasted".into(),
            period: april,
            change: None,
        });
        assert_eq!(s.selected_lines().unwrap().consensus.consensus[0], 11.0);
        assert_eq!(s.overrides.len(), 1);
    }

    #[test]
    fn a_pipeline_is_blended_before_overrides() {
        let s = forecast_all(paste(Rc::default(), &mut ImportSession::default(), PASTE));
        let s = s.reduce(Action::PipelineInput(
            "Deal\tItem\tQty\tClose\tProbability\nD1\tpasted\t10\t2024-04-10\t50%\n".into(),
        ));
        let lines = s.selected_lines().unwrap();
        assert_eq!(lines.pipeline[..2], [Some(5.0), None]);
        assert_eq!(
            lines.consensus.consensus[..2],
            [16.0, 11.0],
            "added on top by default"
        );
        let s = s.reduce(Action::SetBlend(Blend::Max));
        assert_eq!(s.selected_lines().unwrap().consensus.consensus[0], 11.0);
        let s = s.reduce(Action::SetOverride {
            item: "pasted".into(),
            period: Period::month(2024, 4),
            change: Some(Change::Percent(100.0)),
        });
        assert_eq!(s.selected_lines().unwrap().consensus.consensus[0], 22.0);
        let s = s.reduce(Action::PipelineInput(String::new()));
        assert!(s.pipeline.is_none());
    }

    #[test]
    fn new_options_forecast_again() {
        let s = forecast_all(paste(Rc::default(), &mut ImportSession::default(), PASTE));
        let s = s.reduce(Action::SetForecastOptions {
            horizon: Some(3),
            season_length: Some(2),
            method: MethodChoice::Fixed(attune_engine::forecast::Method::Naive),
        });
        assert_eq!((s.generation, s.progress.done), (2, 0));
        let (_, settings) = s.forecast_job().unwrap();
        assert_eq!((settings.horizon, settings.season_length), (3, Some(2)));
        assert_eq!(
            settings.method,
            MethodChoice::Fixed(attune_engine::forecast::Method::Naive)
        );
        let s = forecast_all(s);
        assert_eq!(
            s.selected_forecast().unwrap().as_ref().unwrap().point.len(),
            3
        );
    }

    #[test]
    fn family_totals_and_family_overrides_split_down() {
        let text = "family\tsku\tmonth\tqty\nP\tA\t2024-01\t30\nP\tA\t2024-02\t30\nP\tB\t2024-01\t10\nP\tB\t2024-02\t10\n";
        let s = forecast_all(paste(Rc::default(), &mut ImportSession::default(), text));
        let s = s.reduce(Action::OpenFamily(Some("P".into())));
        let totals = s.family_totals().unwrap();
        assert_eq!(
            (totals.items, totals.statistical[0], totals.consensus[0]),
            (2, 40.0, 40.0)
        );
        let march = Period::month(2024, 3);
        let s = s.reduce(Action::SetFamilyOverride {
            family: "P".into(),
            period: march,
            total: Some(80.0),
        });
        assert_eq!(s.family_totals().unwrap().consensus[0], 80.0);
        // Split 3:1 down to the items; B is selected second.
        let b = s.reduce(Action::Select(1));
        assert_eq!(b.selected_lines().unwrap().consensus.consensus[0], 20.0);
        let s = b.reduce(Action::SetFamilyOverride {
            family: "P".into(),
            period: march,
            total: None,
        });
        assert_eq!(s.selected_lines().unwrap().consensus.consensus[0], 10.0);
    }

    #[test]
    fn cancel_stops_the_job_once() {
        let s = paste(Rc::default(), &mut ImportSession::default(), PASTE);
        let c = s.reduce(Action::Cancel);
        assert!(c.progress.cancelled && !c.progress.running());
        assert!(Rc::ptr_eq(&c, &c.clone().reduce(Action::Cancel)));
    }

    #[test]
    fn unusable_text_shows_the_error_and_forecasts_nothing() {
        let mut session = ImportSession::default();
        let s = paste(Rc::default(), &mut session, "just one column\nof text");
        assert!(matches!(
            s.view.as_ref().unwrap().import,
            Err(ImportError::OneColumn)
        ));
        assert!(s.forecast_job().is_none());
        assert!(paste(s, &mut session, "   ").view.is_none());
    }

    #[test]
    fn a_cancelled_read_leaves_the_page_and_the_reader_as_they_were() {
        let mut session = ImportSession::default();
        let state = paste(Rc::new(AppState::new(None)), &mut session, PASTE);
        let before = state.dataset().unwrap().dataset.items[0].values.clone();
        // A second paste is read; the planner cancels before its answer lands.
        let other = "Month\tUnits\n2024-01\t99\n2024-02\t98\n";
        let ticket = state.ticket + 1;
        let reading = state.reduce(Action::ImportStarted {
            ticket,
            label: "Reading the pasted table…".into(),
            text: Some(other.into()),
        });
        assert_eq!(reading.text, other);
        let cancelled = reading.reduce(Action::ImportCancelled);
        assert_eq!(cancelled.loading, None);
        assert_eq!(
            cancelled.text, PASTE,
            "the paste box shows the text before the read"
        );
        assert!(cancelled.undo.is_empty(), "a cancel is not an edit");
        // The reader finishes the read anyway; its answer is dropped, and the reader
        // goes back to the table the page shows.
        let answer = session.handle(ImportRequest::Paste {
            text: other.into(),
            today: None,
        });
        let after = cancelled.reduce(Action::ImportAnswered {
            ticket,
            answer: Box::new(answer),
        });
        assert_eq!(after.dataset().unwrap().dataset.items[0].values, before);
        session.handle(ImportRequest::Revert).unwrap();
        assert_eq!(session.dataset().unwrap().dataset.items[0].values, before);
        // With nothing being read, a cancel does nothing.
        assert!(Rc::ptr_eq(
            &after,
            &after.clone().reduce(Action::ImportCancelled)
        ));
    }

    #[test]
    fn the_selected_item_stays_selected_through_a_failed_reading() {
        let mut session = ImportSession::default();
        let s = paste(
            Rc::default(),
            &mut session,
            "sku\tmonth\tqty\tprice\nA\t2024-01\t1\t9\nB\t2024-01\t2\t8\n",
        );
        let s = s.reduce(Action::Select(1));
        let mut m = s.view.as_ref().unwrap().mapping.clone();
        m.roles[2] = Role::Ignore;
        let broken = import(
            s,
            &mut session,
            ImportRequest::Check {
                sheet: 0,
                mapping: Some(m.clone()),
                today: None,
            },
        );
        assert!(matches!(
            broken.view.as_ref().unwrap().import,
            Err(ImportError::NoQuantityColumn)
        ));
        m.roles[3] = Role::Quantity;
        let fixed = forecast_all(import(
            broken,
            &mut session,
            ImportRequest::Check {
                sheet: 0,
                mapping: Some(m),
                today: None,
            },
        ));
        let f = fixed.selected_forecast().unwrap().as_ref().unwrap();
        assert_eq!((f.series_id.as_str(), f.point[0]), ("B", 8.0));
    }

    #[test]
    fn a_failed_file_keeps_the_previous_data() {
        let mut session = ImportSession::default();
        let s = paste(Rc::default(), &mut session, PASTE);
        let s2 = import(
            s.clone(),
            &mut session,
            ImportRequest::Open {
                name: "x.bin".into(),
                bytes: vec![0, 0, 7],
                today: None,
            },
        );
        assert_eq!(s2.view, s.view);
        assert!(s2.load_error.as_deref().unwrap().contains("x.bin"));
        assert_eq!(s2.loading, None);
    }

    /// A solve that fails (the planner answers with errors, as when it cannot run) shows
    /// why and leaves everything else as it was: the data, the forecasts, the plan as
    /// typed, the capacity tables and section 5.
    #[test]
    fn a_failed_solve_keeps_the_workspace() {
        let mut session = ImportSession::default();
        let s = forecast_all(paste(Rc::default(), &mut session, PASTE));
        let ticket = s.plan.ticket;
        let failed = s.clone().reduce(Action::Plan(PlanAction::Solved {
            ticket,
            replies: vec![Err("the planner stopped".into()); 3],
        }));
        assert_eq!(failed.view, s.view);
        assert_eq!(failed.forecasts, s.forecasts);
        assert_eq!(failed.plan.input, s.plan.input);
        assert_eq!(failed.capacity, s.capacity);
        assert_eq!(failed.inventory, s.inventory);
        assert_eq!(
            failed.plan.shown_plan(),
            Some(&Err("the planner stopped".to_string()))
        );
        // A late answer for an older plan changes nothing.
        let stale = failed.clone().reduce(Action::Plan(PlanAction::Solved {
            ticket: ticket.wrapping_sub(1),
            replies: Vec::new(),
        }));
        assert_eq!(stale.plan, failed.plan);
    }

    #[test]
    fn selecting_nothing_new_changes_nothing() {
        let s = paste(Rc::default(), &mut ImportSession::default(), PASTE);
        assert!(Rc::ptr_eq(&s, &s.clone().reduce(Action::Select(0))));
        assert!(Rc::ptr_eq(&s, &s.clone().reduce(Action::Select(9))));
    }

    #[test]
    fn scenarios_are_edits_and_follow_the_base_plan() {
        use crate::scenario_state::Lever;
        let s: Rc<AppState> = Rc::default();
        let s = s.reduce(Action::Scenario(ScenarioAction::Add));
        let s = s.reduce(Action::Scenario(ScenarioAction::Set(
            0,
            Lever::DemandPct,
            "10".into(),
        )));
        assert_eq!(s.undo.len(), 2);
        assert_eq!(s.undo[1].label, "scenario lever");
        let ticket = s.scenarios.list[0].ticket;
        let s = s.reduce(Action::Scenario(ScenarioAction::Solved {
            index: 0,
            ticket,
            replies: Vec::new(),
        }));
        assert!(s.scenarios.list[0].plans.is_some());
        assert_eq!(s.undo.len(), 2, "an answer is not an edit");
        // A change of the base plan solves the scenario again.
        let s = s.reduce(Action::Plan(PlanAction::Edit(PlanEdit::Integer(false))));
        assert!(s.scenarios.list[0].plans.is_none());
        assert!(s.scenarios.list[0].ticket > ticket);
        // Undo twice: the lever goes back to empty, with a fresh ticket.
        let s = s.reduce(Action::Undo).reduce(Action::Undo);
        assert_eq!(s.scenarios.list[0].lever(Lever::DemandPct), "");
        assert!(s.scenarios.list[0].ticket > ticket);
        let s = s.reduce(Action::Undo);
        assert!(s.scenarios.list.is_empty());
    }
}
