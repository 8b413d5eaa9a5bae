from .attempts import Attempt, Response
from .boards import BestScore
from .classes import Assignment, Classroom, Membership, Profile
from .content import Choice, Fact, Period, Question, Quiz, QuizQuestion, Topic
from .flashcards import Card, CardState, Deck, Direction, ReviewLog

__all__ = [
    "Assignment", "Attempt", "BestScore", "Card", "CardState", "Choice", "Classroom", "Deck", "Direction", "Fact",
    "Membership", "Period", "Profile", "Question", "Quiz", "QuizQuestion", "Response", "ReviewLog", "Topic",
]
