/** Korean texts of the Kakao channel itself (bot texts live with each bot). */
export const KAKAO_MESSAGES = {
  waiting: {
    coaching: '말씀 잘 들었어요. 생각을 정리해서 곧 답할게요. 잠시만 기다려 주세요.',
    service: '확인하고 있어요. 잠시만 기다려 주세요.',
  },
  unavailable: '죄송합니다. 일시적인 오류가 발생했습니다. 잠시 후 다시 시도해주세요.',
  stillWorking: '앞서 보내주신 메시지를 아직 처리하고 있어요. 잠시 후 다시 보내주세요.',
  noUser: '사용자 정보를 확인할 수 없어 대화를 이어갈 수 없어요. 카카오톡 채널에서 다시 말을 걸어주세요.',
} as const;
