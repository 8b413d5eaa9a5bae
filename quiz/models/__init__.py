from .attempts import Attempt, Response
from .boards import BestScore
from .classes import Assignment, Classroom, Membership, Profile
from .content import Choice, Fact, Period, Question, Quiz, QuizQuestion, Topic
from .flashcards import Card, CardState, Deck, Direction, ReviewLog
from .habits import DailyGoal, GoalKind
from .live import LiveAnswer, LiveGame, Player
from .sums import DifCounts, ResponseSums, SumsMark, UncountedAttempt, WrongAnswerCounts

__all__ = [
    "Assignment",
    "Attempt",
    "BestScore",
    "Card",
    "CardState",
    "Choice",
    "Classroom",
    "DailyGoal",
    "Deck",
    "DifCounts",
    "Direction",
    "Fact",
    "GoalKind",
    "LiveAnswer",
    "LiveGame",
    "Membership",
    "Period",
    "Player",
    "Profile",
    "Question",
    "Quiz",
    "QuizQuestion",
    "Response",
    "ResponseSums",
    "ReviewLog",
    "SumsMark",
    "Topic",
    "UncountedAttempt",
    "WrongAnswerCounts",
]
